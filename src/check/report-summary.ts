/** Counts shared by every report format. */
import type { Finding } from './finding.js';

/** How many objects were checked and how many findings of each severity remain. */
export interface CheckSummary {
  readonly objects: number;
  /** Resources with at least one finding. */
  readonly resources: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** Counts findings by severity and the resources they concern. */
export function summariseFindings(findings: readonly Finding[], objects: number): CheckSummary {
  const resources = new Set(
    findings.map((f) =>
      [
        f.file,
        f.resource.apiVersion,
        f.resource.kind,
        f.resource.namespace ?? '',
        f.resource.name,
      ].join('\0'),
    ),
  );
  return {
    objects,
    resources: resources.size,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}
