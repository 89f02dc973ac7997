import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { KprodError } from '../errors.js';

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
  v.regex(/^[^?#\s]+$/, 'route path must not contain ?, # or spaces (matching is exact)'),
  v.check(
    (path) => !RESERVED_PATHS.has(path),
    'route path is reserved: multiroute serves it itself',
  ),
);

const ConfigSchema = v.strictObject({
  routes: v.record(PathSchema, RouteSchema, 'must be a mapping of path to route'),
});

/**
 * Parses and validates a routes file. Every YAML error and schema problem is returned at once,
 * each with the line it is on, so one start-up shows them all.
 */
export function parseRoutesConfig(text: string, file: string): ConfigParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        field: '(yaml)',
        message: error.message.split('\n')[0] ?? error.message,
      })),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const result = v.safeParse(ConfigSchema, data);
  if (!result.success) {
    return {
      ok: false,
      issues: result.issues.map((issue) => {
        const keys = (issue.path ?? []).map((item) => String(item.key));
        const onKey = issue.path?.at(-1)?.origin === 'key';
        const node = locate(doc.contents, keys, onKey);
        const offset = node?.range?.[0] ?? 0;
        return {
          file,
          line: lineCounter.linePos(offset).line,
          field: keys.length === 0 ? '(root)' : keys.join('.'),
          message: describeIssue(issue),
        };
      }),
    };
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

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === 'never') {
    return issue.path?.length === 1
      ? 'unknown field (allowed: routes)'
      : 'unknown field (allowed: response, duration, status)';
  }
  if (issue.kind === 'schema' && issue.received === 'undefined') return 'is required';
  return issue.message;
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
