import { KprodError } from '../../../errors.js';

/**
 * Smoke checks of a blue-green release's idle colour: HTTP GETs with an expected status and,
 * optionally, a substring of the body, sent through the API server's service proxy
 * (`/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH`), so they need no Ingress and no
 * network path to the pods beyond what kubectl has.
 */

/** One check, parsed from `GET /route1 200 ~Hello`. */
export interface SmokeCheck {
  readonly method: 'GET';
  readonly path: string;
  readonly status: number;
  /** A substring the body must contain. */
  readonly body?: string;
}

/** One answer of the proxy. */
export interface ProxyAnswer {
  status: number;
  body: string;
}

/** Sends a GET to an API path and returns the status and text body. */
export type ProxyGet = (path: string, signal?: AbortSignal) => Promise<ProxyAnswer>;

/** Parses `METHOD PATH STATUS [~BODY]`; the body substring may contain spaces. */
export function parseSmokeCheck(text: string): SmokeCheck {
  const match = /^\s*(\S+)\s+(\/\S*)\s+(\d{3})(?:\s+~(.+))?\s*$/.exec(text);
  if (match?.[1] !== 'GET') {
    throw new KprodError('KPROD_USAGE', `--smoke '${text}' is not 'GET /PATH STATUS [~BODY]'`, {
      hint: "Write for example --smoke 'GET /route1 200 ~Hello'.",
    });
  }
  const check: SmokeCheck = { method: 'GET', path: match[2] ?? '/', status: Number(match[3]) };
  return match[4] === undefined ? check : { ...check, body: match[4] };
}

/** The proxy path of a Service port. */
export function serviceProxyPath(
  namespace: string,
  service: string,
  port: string,
  path: string,
): string {
  const ns = encodeURIComponent(namespace);
  return `/api/v1/namespaces/${ns}/services/${encodeURIComponent(service)}:${encodeURIComponent(port)}/proxy${path}`;
}

/** The verdict of one check: null when it passed, else why not. */
export function smokeFailure(check: SmokeCheck, answer: ProxyAnswer): string | null {
  const where = `${check.method} ${check.path}`;
  if (answer.status !== check.status) {
    return `${where}: status ${String(answer.status)}, expected ${String(check.status)}`;
  }
  if (check.body !== undefined && !answer.body.includes(check.body)) {
    return `${where}: body ${JSON.stringify(answer.body.slice(0, 80))} lacks ${JSON.stringify(check.body)}`;
  }
  return null;
}

/** Runs the checks in order; stops at the first failure. */
export async function runSmokeChecks(
  get: ProxyGet,
  target: { namespace: string; service: string; port: string },
  checks: readonly SmokeCheck[],
  signal?: AbortSignal,
): Promise<{ passed: boolean; message: string }> {
  for (const check of checks) {
    const answer = await get(
      serviceProxyPath(target.namespace, target.service, target.port, check.path),
      signal,
    );
    const failure = smokeFailure(check, answer);
    if (failure !== null) return { passed: false, message: failure };
  }
  return { passed: true, message: `${String(checks.length)} smoke check(s) passed` };
}
