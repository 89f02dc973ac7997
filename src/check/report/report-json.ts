/** The JSON report of `kprod check -o json`, for scripts and other tools. */
import type { Finding } from '../finding.js';
import { type CheckSummary, summariseFindings } from './report-summary.js';

/** The document printed by `-o json`. */
export interface JsonReport {
  /** Format version; bumped on incompatible changes. */
  readonly version: 1;
  readonly kubeVersion: string;
  readonly summary: CheckSummary;
  readonly findings: readonly Finding[];
}

/** Renders the findings as one JSON document (two-space indented, ending with a newline). */
export function renderJsonReport(
  findings: readonly Finding[],
  opts: { readonly objects: number; readonly kubeVersion: string },
): string {
  const report: JsonReport = {
    version: 1,
    kubeVersion: opts.kubeVersion,
    summary: summariseFindings(findings, opts.objects),
    findings,
  };
  return JSON.stringify(report, null, 2) + '\n';
}
