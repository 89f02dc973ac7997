/** Counts shared by every report format. */
import type { Finding, FindingList } from '../finding.js';

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
export function summariseFindings(findings: FindingList, objects: number): CheckSummary {
  const resources = new Set<string>();
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let previous: Finding | undefined;
  for (let i = 0; i < findings.length; i += 1) {
    const f = findings.at(i);
    if (f === undefined) continue;
    const r = f.resource;
    // Findings come sorted by file and line, so one resource's findings are mostly adjacent:
    // only a change of resource pays for a key.
    const p = previous?.resource;
    if (
      p === undefined ||
      previous?.file !== f.file ||
      p.name !== r.name ||
      p.kind !== r.kind ||
      p.namespace !== r.namespace ||
      p.apiVersion !== r.apiVersion
    ) {
      resources.add(`${f.file}\0${r.apiVersion}\0${r.kind}\0${r.namespace ?? ''}\0${r.name}`);
    }
    previous = f;
    if (f.severity === 'error') errors += 1;
    else if (f.severity === 'warning') warnings += 1;
    else infos += 1;
  }
  return { objects, resources: resources.size, errors, warnings, infos };
}
