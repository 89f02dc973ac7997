/**
 * The terminal report of `kprod check`: findings grouped by resource, each with its line, rule,
 * message and hint, then one summary line. Colour only when writing to a terminal.
 */
import { escapeControl } from '../../kube/escape-control.js';
import type { Finding, Severity } from '../finding.js';
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

/** Renders findings as text grouped by resource, ending with a summary line. */
export function renderHumanReport(findings: readonly Finding[], opts: HumanReportOptions): string {
  const paint = (style: keyof typeof COLORS, text: string): string =>
    opts.color ? `${COLORS[style]}${text}${RESET}` : text;
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const r = finding.resource;
    const key = [finding.file, r.apiVersion, r.kind, r.namespace ?? '', r.name].join('\0');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const r = first.resource;
    // File, kind and names come from the manifests: escaped, so they cannot forge lines or
    // drive the terminal (the colours below are the only escapes kprod writes).
    const name = escapeControl(r.namespace === undefined ? r.name : `${r.namespace}/${r.name}`);
    const head = `${escapeControl(first.file)}  ${escapeControl(r.kind) || '(no kind)'} ${name || '(no name)'}`;
    lines.push(paint('bold', head));
    const ruleWidth = Math.max(...group.map((f) => f.rule.length));
    for (const f of group) {
      lines.push(
        `  ${String(f.line).padStart(4)}  ${paint(f.severity, f.severity.padEnd(7))}  ${f.rule.padEnd(ruleWidth)}  ${escapeControl(f.message)}`,
      );
      lines.push(`${' '.repeat(17)}${paint('dim', `hint: ${escapeControl(f.hint)}`)}`);
    }
    lines.push('');
  }
  const s = summariseFindings(findings, opts.objects);
  if (findings.length === 0) {
    lines.push(`No findings in ${plural(s.objects, 'object')}.`);
  } else {
    const counts = [
      paint('error', plural(s.errors, 'error')),
      paint('warning', plural(s.warnings, 'warning')),
      paint('info', plural(s.infos, 'info')),
    ].join(', ');
    lines.push(
      `${counts} in ${plural(s.resources, 'resource')} (${plural(s.objects, 'object')} checked).`,
    );
  }
  return lines.join('\n') + '\n';
}
