/** The JSON report of `kprod check -o json`, for scripts and other tools. */
import type { Finding, FindingList } from '../finding.js';
import { type CheckSummary, summariseFindings } from './report-summary.js';

/** The document printed by `-o json`. */
export interface JsonReport {
  /** Format version; bumped on incompatible changes. */
  readonly version: 1;
  readonly kubeVersion: string;
  readonly summary: CheckSummary;
  readonly findings: readonly Finding[];
}

/**
 * The JSON document in pieces, so that a large report is written without ever being one
 * string: the same text as `JSON.stringify(report, null, 2)` followed by a newline.
 */
export function* jsonReportChunks(
  findings: FindingList,
  opts: { readonly objects: number; readonly kubeVersion: string },
): Generator<string> {
  const head = JSON.stringify(
    {
      version: 1,
      kubeVersion: opts.kubeVersion,
      summary: summariseFindings(findings, opts.objects),
      findings: [],
    },
    null,
    2,
  );
  if (findings.length === 0) {
    yield head + '\n';
    return;
  }
  // The head ends with `[]\n}`: the findings go between the brackets, two levels deep.
  yield head.slice(0, -'[]\n}'.length) + '[\n';
  for (let i = 0; i < findings.length; i += 1) {
    // JSON strings hold no raw newline: every newline of the text is a line of the layout.
    const item = JSON.stringify(findings.at(i), null, 2).replace(/\n/g, '\n    ');
    yield `    ${item}${i + 1 < findings.length ? ',' : ''}\n`;
  }
  yield '  ]\n}\n';
}

/** Renders the findings as one JSON document (two-space indented, ending with a newline). */
export function renderJsonReport(
  findings: FindingList,
  opts: { readonly objects: number; readonly kubeVersion: string },
): string {
  return [...jsonReportChunks(findings, opts)].join('');
}
