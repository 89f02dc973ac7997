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
  const q = quoter();
  for (let i = 0; i < findings.length; i += 1) {
    const finding = findings.at(i);
    if (finding === undefined) continue;
    yield findingJson(finding, i + 1 < findings.length, q);
  }
  yield '  ]\n}\n';
}

/** Past this many strings the quoter starts over: it holds what repeats, not every string. */
const MAX_QUOTED = 20_000;

/**
 * `JSON.stringify` of strings, each made once: findings repeat their rule, file, hint and most
 * messages, which are one string each in the finding store, so a lookup costs no more than a
 * pointer comparison, and long texts are not escaped again.
 */
function quoter(): (text: string) => string {
  const quoted = new Map<string, string>();
  return (text) => {
    let json = quoted.get(text);
    if (json === undefined) {
      if (quoted.size >= MAX_QUOTED) quoted.clear();
      json = JSON.stringify(text);
      quoted.set(text, json);
    }
    return json;
  };
}

/** A number as JSON writes it (a number that is not finite is null). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * One finding, as `JSON.stringify(finding, null, 2)` lays it out two levels deep, its fields in
 * the order of {@link Finding} (absent optional ones left out): written directly, as it is the
 * bulk of a large report.
 */
function findingJson(f: Finding, comma: boolean, q: (text: string) => string): string {
  const r = f.resource;
  const namespace = r.namespace === undefined ? '' : `\n        "namespace": ${q(r.namespace)},`;
  const field = f.field === undefined ? '' : `\n      "field": ${q(f.field)},`;
  return `    {
      "rule": ${q(f.rule)},
      "severity": ${q(f.severity)},
      "resource": {
        "apiVersion": ${q(r.apiVersion)},
        "kind": ${q(r.kind)},${namespace}
        "name": ${q(r.name)}
      },
      "file": ${q(f.file)},
      "line": ${jsonNumber(f.line)},${field}
      "message": ${q(f.message)},
      "hint": ${q(f.hint)}
    }${comma ? ',' : ''}
`;
}

/** Renders the findings as one JSON document (two-space indented, ending with a newline). */
export function renderJsonReport(
  findings: FindingList,
  opts: { readonly objects: number; readonly kubeVersion: string },
): string {
  return [...jsonReportChunks(findings, opts)].join('');
}
