/**
 * The terminal report of `kprod check`: findings grouped by resource, each with its line, rule,
 * message and hint, then one summary line. Colour only when writing to a terminal.
 */
import { escapeControl } from '../../kube/escape-control.js';
import type { FindingList, Severity } from '../finding.js';
import { summariseFindings } from './report-summary.js';

/** Options of {@link renderHumanReport}. */
export interface HumanReportOptions {
  /** Use ANSI colours (only when stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
  /** Number of objects checked, for the summary line. */
  readonly objects: number;
}

const COLORS: Readonly<Record<Severity | 'dim' | 'bold', string>> = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
  info: '\u001b[36m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
};
const RESET = '\u001b[0m';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The report in pieces (a resource's group each), so that a large report is written without
 * ever being one string. Groups follow the first finding of each resource; the findings are
 * read twice by position and never held as objects.
 */
export function* humanReportChunks(
  findings: FindingList,
  opts: HumanReportOptions,
): Generator<string> {
  const paint = (style: keyof typeof COLORS, text: string): string =>
    opts.color ? `${COLORS[style]}${text}${RESET}` : text;
  // Which group each finding is in, groups numbered in order of their first finding.
  const groupIds = new Map<string, number>();
  const groupOf = new Uint32Array(findings.length);
  const sizes: number[] = [];
  const ruleWidths: number[] = [];
  for (let i = 0; i < findings.length; i += 1) {
    const finding = findings.at(i);
    if (finding === undefined) continue;
    const r = finding.resource;
    const key = [finding.file, r.apiVersion, r.kind, r.namespace ?? '', r.name].join('\0');
    let id = groupIds.get(key);
    if (id === undefined) {
      id = sizes.length;
      groupIds.set(key, id);
      sizes.push(0);
      ruleWidths.push(0);
    }
    groupOf[i] = id;
    sizes[id] = (sizes[id] ?? 0) + 1;
    ruleWidths[id] = Math.max(ruleWidths[id] ?? 0, finding.rule.length);
  }
  groupIds.clear();
  // Positions of the findings, group after group, each group in the findings' order.
  const starts = new Uint32Array(sizes.length + 1);
  sizes.forEach((size, id) => (starts[id + 1] = (starts[id] ?? 0) + size));
  const next = starts.slice(0, sizes.length);
  const ordered = new Uint32Array(findings.length);
  for (let i = 0; i < findings.length; i += 1) {
    const id = groupOf[i] ?? 0;
    ordered[next[id] ?? 0] = i;
    next[id] = (next[id] ?? 0) + 1;
  }
  for (let id = 0; id < sizes.length; id += 1) {
    const lines: string[] = [];
    const ruleWidth = ruleWidths[id] ?? 0;
    for (let k = starts[id] ?? 0; k < (starts[id + 1] ?? 0); k += 1) {
      const f = findings.at(ordered[k] ?? 0);
      if (f === undefined) continue;
      if (lines.length === 0) {
        const r = f.resource;
        // File, kind and names come from the manifests: escaped, so they cannot forge lines
        // or drive the terminal (the colours below are the only escapes kprod writes).
        const name = escapeControl(r.namespace === undefined ? r.name : `${r.namespace}/${r.name}`);
        const head = `${escapeControl(f.file)}  ${escapeControl(r.kind) || '(no kind)'} ${name || '(no name)'}`;
        lines.push(paint('bold', head));
      }
      lines.push(
        `  ${String(f.line).padStart(4)}  ${paint(f.severity, f.severity.padEnd(7))}  ${f.rule.padEnd(ruleWidth)}  ${escapeControl(f.message)}`,
      );
      lines.push(`${' '.repeat(17)}${paint('dim', `hint: ${escapeControl(f.hint)}`)}`);
    }
    lines.push('');
    yield lines.join('\n') + '\n';
  }
  const s = summariseFindings(findings, opts.objects);
  if (findings.length === 0) {
    yield `No findings in ${plural(s.objects, 'object')}.\n`;
  } else {
    const counts = [
      paint('error', plural(s.errors, 'error')),
      paint('warning', plural(s.warnings, 'warning')),
      paint('info', plural(s.infos, 'info')),
    ].join(', ');
    yield `${counts} in ${plural(s.resources, 'resource')} (${plural(s.objects, 'object')} checked).\n`;
  }
}

/** Renders findings as text grouped by resource, ending with a summary line. */
export function renderHumanReport(findings: FindingList, opts: HumanReportOptions): string {
  return [...humanReportChunks(findings, opts)].join('');
}
