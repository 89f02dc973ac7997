/**
 * The SARIF 2.1.0 report of `kprod check -o sarif`, as GitHub code scanning reads it: one run
 * with kprod as the tool, every rule with its documentation, one result per finding located by
 * a repository-relative file and line.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Finding, FindingList, RuleDoc, Severity } from '../finding.js';

/** Options of {@link renderSarifReport}. */
export interface SarifReportOptions {
  readonly rules: readonly RuleDoc[];
  readonly version: string;
  /** Directory that file URIs are made relative to (the repository root, in CI). */
  readonly baseDir: string;
}

const LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A SARIF artifact URI for a finding's file; kustomize builds point at their kustomization. */
function artifactUri(file: string, baseDir: string): { uri: string; built: boolean } {
  const built = file.startsWith('kustomize:');
  let path = built ? `${file.slice('kustomize:'.length)}/kustomization.yaml` : file;
  if (path === '<stdin>') path = 'stdin';
  if (isAbsolute(path)) {
    const rel = relative(baseDir, path);
    if (!rel.startsWith('..')) path = rel;
  }
  path = path.split(sep).join('/').replace(/^\.\//, '');
  return { uri: encodeURI(path), built };
}

/** The SARIF result of one finding. */
function sarifResult(f: Finding, index: ReadonlyMap<string, number>, baseDir: string): object {
  const { uri, built } = artifactUri(f.file, baseDir);
  const r = f.resource;
  const where = `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
  const text = [
    `${where}: ${f.message}`,
    built ? ` (line ${f.line} of the kustomize build output)` : '',
    `\nHint: ${f.hint}`,
  ].join('');
  return {
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: LEVELS[f.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          region: { startLine: built ? 1 : f.line },
        },
      },
    ],
  };
}

/**
 * The SARIF log in pieces, so that a large report is written without ever being one string:
 * the same text as `JSON.stringify(log, null, 2)` followed by a newline.
 */
export function* sarifReportChunks(
  findings: FindingList,
  opts: SarifReportOptions,
): Generator<string> {
  const index = new Map(opts.rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kprod',
            version: opts.version,
            rules: opts.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.description },
              help: {
                text: rule.description,
                markdown: `${rule.description}${rule.example === undefined ? '' : `\n\n\`\`\`yaml\n${rule.example}\n\`\`\``}`,
              },
              defaultConfiguration: { level: LEVELS[rule.severity] },
              properties: { tags: ['kubernetes', rule.family] },
            })),
          },
        },
        results: [],
      },
    ],
  };
  const text = JSON.stringify(log, null, 2);
  if (findings.length === 0) {
    yield text + '\n';
    return;
  }
  // The log ends with the empty results: `[]`, then the closing of the run, runs and log.
  const tail = '[]\n    }\n  ]\n}';
  yield text.slice(0, -tail.length) + '[\n';
  for (let i = 0; i < findings.length; i += 1) {
    const finding = findings.at(i);
    if (finding === undefined) continue;
    // JSON strings hold no raw newline: every newline of the text is a line of the layout.
    const item = JSON.stringify(sarifResult(finding, index, opts.baseDir), null, 2);
    yield `        ${item.replace(/\n/g, '\n        ')}${i + 1 < findings.length ? ',' : ''}\n`;
  }
  yield '      ]\n    }\n  ]\n}\n';
}

/** Renders the findings as a SARIF 2.1.0 log (JSON, ending with a newline). */
export function renderSarifReport(findings: FindingList, opts: SarifReportOptions): string {
  return [...sarifReportChunks(findings, opts)].join('');
}
