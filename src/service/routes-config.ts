import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { KprodError } from '../errors.js';
import { escapeExcerpt } from './escape-text.js';

/** One configured route: an exact path and what it answers after its delay. */
export interface RouteSpec {
  readonly path: string;
  readonly response: string;
  readonly durationMs: number;
  readonly status: number;
}

/** A validated routes file. */
export interface RoutesConfig {
  readonly routes: readonly RouteSpec[];
  /** First 12 hex digits of the file's sha256, exported as `multiroute_config_info{hash}`. */
  readonly hash: string;
  /** The file it came from, or `<built-in>`. */
  readonly file: string;
}

/** One problem in a routes file, located by line and field. */
export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** What {@link parseRoutesConfig} returns: a config, or every problem found. */
export type ConfigParseResult =
  | { readonly ok: true; readonly config: RoutesConfig }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Paths multiroute answers itself; a routes file may not redefine them, so a typo cannot hide a
 * probe or the metrics endpoint.
 */
export const RESERVED_PATHS: ReadonlySet<string> = new Set([
  '/livez',
  '/readyz',
  '/metrics',
  '/get_ip',
  '/test_circuit_breaker',
  '/connect_db',
]);

/** The guide's four routes, served when no config file is given. */
export const BUILTIN_ROUTES_YAML = `routes:
  /route1:
    response: "route1's content"
  /route2:
    response: "route2's content"
  /test_timeout:
    response: "test_timeout's content"
    duration: 3
  /test_limiter:
    response: "test_limiter's content\\n"
    duration: 1
`;

/** The name used in place of a file for the built-in routes. */
export const BUILTIN_FILE = '<built-in>';

const MAX_DURATION_SECONDS = 300;

/** Bounds on what a routes file may cost to load; a file past them is invalid. */
export interface ConfigLimits {
  /** Bytes of the file: a ConfigMap holds at most 1 MiB. */
  readonly maxBytes: number;
  readonly maxRoutes: number;
}

/** The limits multiroute applies: 1 MiB (the ConfigMap limit) and 50,000 routes. */
export const CONFIG_LIMITS: ConfigLimits = { maxBytes: 1024 * 1024, maxRoutes: 50_000 };

/**
 * Alias expansions allowed while building the routes: enough to share a response between
 * routes, far too few for an alias bomb (nine aliases of nine aliases ... of a list).
 */
const MAX_ALIAS_EXPANSIONS = 100;

/** Problems reported at once; the rest are counted, so a broken 1 MiB file gives a short error. */
const MAX_ISSUES = 20;

const RouteSchema = v.strictObject({
  response: v.string('must be a string (quote numbers and booleans)'),
  duration: v.optional(
    v.pipe(
      v.number('must be a number of seconds'),
      v.finite('must be a finite number of seconds'),
      v.minValue(0, 'must be at least 0 seconds'),
      v.maxValue(MAX_DURATION_SECONDS, `must be at most ${MAX_DURATION_SECONDS} seconds`),
    ),
    0,
  ),
  status: v.optional(
    v.pipe(
      v.number('must be an integer HTTP status'),
      v.integer('must be an integer HTTP status'),
      v.minValue(100, 'must be an HTTP status from 100 to 599'),
      v.maxValue(599, 'must be an HTTP status from 100 to 599'),
    ),
    200,
  ),
});

const PathSchema = v.pipe(
  v.string(),
  v.startsWith('/', 'route path must start with /'),
  // Requests are matched on the raw path as sent, which is ASCII: any other path can never match.
  v.regex(
    /^[\x21\x22\x24-\x3e\x40-\x7e]+$/,
    'route path must be printable ASCII without spaces, ? or # (requests are matched exactly, ' +
      'as sent: percent-encode other characters)',
  ),
  v.check(
    (path) => !RESERVED_PATHS.has(path),
    'route path is reserved: multiroute serves it itself',
  ),
);

const ConfigSchema = v.strictObject(
  {
    routes: v.record(PathSchema, RouteSchema, 'must be a mapping of path to route'),
  },
  'must be a mapping with the field routes',
);

/**
 * Parses and validates a routes file. Every YAML error and schema problem is returned at once
 * (up to 20), each with the line it is on, so one start-up shows them all. Cost is linear in the
 * file: its size and its routes are bounded by `limits`, alias expansion by a fixed count, and
 * duplicate keys are found in one pass.
 */
export function parseRoutesConfig(
  text: string,
  file: string,
  limits: ConfigLimits = CONFIG_LIMITS,
): ConfigParseResult {
  const issues: ConfigIssue[] = [];
  const fail = (): ConfigParseResult => ({ ok: false, issues: capIssues(issues, file) });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    const message = `is ${bytes} bytes, more than ${limits.maxBytes} (the ConfigMap size limit)`;
    issues.push({ file, line: 1, field: '(file)', message });
    return fail();
  }
  const lineCounter = new LineCounter();
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  // The yaml library's own uniqueKeys check compares every key with every other one.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  for (const error of doc.errors) {
    const message = escapeExcerpt(error.message.split('\n')[0] ?? error.message, 200);
    issues.push({ file, line: lineOf(error.pos[0]), field: '(yaml)', message });
  }
  if (issues.length === 0)
    findDuplicateKeys(doc.contents, [], 0, (offset, keys, first) => {
      issues.push({
        file,
        line: lineOf(offset),
        field: renderField(keys),
        message: `duplicate key (first on line ${lineOf(first)})`,
      });
    });
  if (issues.length > 0) return fail();
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) ?? {};
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    issues.push({
      file,
      line: 1,
      field: '(yaml)',
      message:
        `aliases expand to too many nodes (more than ${MAX_ALIAS_EXPANSIONS} alias expansions): ` +
        'write the routes out instead of nesting aliases',
    });
    return fail();
  }
  const routeCount = countRoutes(data);
  if (routeCount > limits.maxRoutes) {
    const node = locate(doc.contents, ['routes'], true);
    issues.push({
      file,
      line: lineOf(node?.range?.[0] ?? 0),
      field: 'routes',
      message: `has ${routeCount} routes, more than ${limits.maxRoutes}: split the service`,
    });
    return fail();
  }
  const result = v.safeParse(ConfigSchema, data);
  if (!result.success) {
    for (const issue of result.issues.slice(0, MAX_ISSUES)) {
      const keys = (issue.path ?? []).map((item) => String(item.key));
      const onKey = issue.path?.at(-1)?.origin === 'key';
      const node = locate(doc.contents, keys, onKey);
      issues.push({
        file,
        line: lineOf(node?.range?.[0] ?? 0),
        field: keys.length === 0 ? '(root)' : renderField(keys),
        message: describeIssue(issue),
      });
    }
    const more = result.issues.length - MAX_ISSUES;
    if (more > 0) issues.push(moreIssues(file, more));
    return { ok: false, issues };
  }
  const routes = Object.entries(result.output.routes).map(([path, route]) => ({
    path,
    response: route.response,
    durationMs: route.duration * 1000,
    status: route.status,
  }));
  return { ok: true, config: { routes, hash: hashConfig(text), file } };
}

/** The config hash: first 12 hex digits of the sha256 of the file's bytes. */
export function hashConfig(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Renders an issue as `file:line: field: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}: ${issue.field}: ${issue.message}`;
}

/**
 * Parses a routes file or throws MULTIROUTE_CONFIG_INVALID whose message lists every problem,
 * one `file:line: field: message` per line.
 */
export function parseRoutesConfigOrThrow(text: string, file: string): RoutesConfig {
  const result = parseRoutesConfig(text, file);
  if (result.ok) return result.config;
  const count = result.issues.length;
  throw new KprodError(
    'MULTIROUTE_CONFIG_INVALID',
    `${file} has ${count} problem${count === 1 ? '' : 's'}:\n` +
      result.issues.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n'),
  );
}

/** The guide's built-in routes as a config. */
export function builtinRoutesConfig(): RoutesConfig {
  return parseRoutesConfigOrThrow(BUILTIN_ROUTES_YAML, BUILTIN_FILE);
}

function renderField(keys: readonly string[]): string {
  return escapeExcerpt(keys.join('.'), 120);
}

function moreIssues(file: string, count: number): ConfigIssue {
  const message = `${count} more problem${count === 1 ? '' : 's'} not shown`;
  return { file, line: 1, field: '(file)', message };
}

function capIssues(issues: readonly ConfigIssue[], file: string): ConfigIssue[] {
  if (issues.length <= MAX_ISSUES) return [...issues];
  return [...issues.slice(0, MAX_ISSUES), moreIssues(file, issues.length - MAX_ISSUES)];
}

function countRoutes(data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0;
  const routes = (data as Record<string, unknown>)['routes'];
  return typeof routes === 'object' && routes !== null ? Object.keys(routes).length : 0;
}

/**
 * Reports every key that repeats in its mapping, one pass with a set per mapping. Only the three
 * levels a routes file has are walked (root, routes, route); deeper ones fail the schema anyway.
 */
function findDuplicateKeys(
  node: unknown,
  keys: readonly string[],
  depth: number,
  report: (offset: number, keys: readonly string[], firstOffset: number) => void,
): void {
  if (!isMap(node) || depth > 2) return;
  const seen = new Map<string, number>();
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const offset = pair.key.range?.[0] ?? 0;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, offset);
    else report(offset, [...keys, key], first);
    findDuplicateKeys(pair.value, [...keys, key], depth + 1, report);
  }
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if ((issue.path ?? []).length === 0 && issue.expected === 'Object') {
    // The whole file is one value: say what it is, quoting a short escaped excerpt at most.
    const input: unknown = issue.input;
    const got =
      typeof input === 'string' ? `a string (${escapeExcerpt(input, 40)})` : `a ${typeof input}`;
    return `${issue.message}, got ${Array.isArray(input) ? 'a list' : got}`;
  }
  if (issue.expected === 'never') {
    return issue.path?.length === 1
      ? 'unknown field (allowed: routes)'
      : 'unknown field (allowed: response, duration, status)';
  }
  if (issue.kind === 'schema' && issue.received === 'undefined') return 'is required';
  return escapeExcerpt(issue.message, 200);
}

/**
 * Finds the YAML node for a path of keys (the last key itself when `onKey`); a missing key gives
 * its nearest existing parent.
 */
function locate(root: unknown, keys: readonly string[], onKey: boolean): Node | undefined {
  let node = root as Node | null | undefined;
  for (const [index, key] of keys.entries()) {
    if (!isMap(node)) break;
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
    );
    if (pair === undefined) break;
    if (onKey && index === keys.length - 1) return pair.key as Node;
    node = (pair.value ?? pair.key) as Node | null;
    if (node === null) {
      node = pair.key as Node;
      break;
    }
  }
  return node ?? undefined;
}
