/**
 * Probes and lifecycle handlers of a container, as the API server validates them after defaulting
 * (timeouts, periods and thresholds of 0 become their defaults first).
 */
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  numberAt,
  recordAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, notSupported, required } from '../field-errors.js';
import { NEGATIVE, portNameProblems, portNumberProblems } from './pod-values.js';

const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const HTTP_HEADER_MSG =
  "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

/**
 * Errors of an int-or-string port at `path.field`: a number in range or a valid port name. The
 * path is made only when there is an error.
 */
function portErrors(port: unknown, path: FieldPath, field: string): FieldError[] {
  const problems =
    typeof port === 'number'
      ? portNumberProblems(port)
      : typeof port === 'string'
        ? portNameProblems(port)
        : [];
  if (problems.length === 0) return [];
  const at: FieldPath = [...path, field];
  return problems.map((m) => invalid(at, port, m));
}

function validateHttpGet(http: JsonRecord, path: FieldPath): FieldError[] {
  const out = portErrors(http['port'], path, 'port');
  const scheme = http['scheme'];
  if (typeof scheme === 'string' && scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') {
    out.push(notSupported([...path, 'scheme'], scheme, ['HTTP', 'HTTPS']));
  }
  for (const header of arrayAt(http, 'httpHeaders')) {
    const name = isRecord(header) && typeof header['name'] === 'string' ? header['name'] : '';
    if (!HTTP_HEADER_NAME.test(name))
      out.push(invalid([...path, 'httpHeaders'], name, HTTP_HEADER_MSG));
  }
  return out;
}

/** One handler type of a probe or lifecycle hook. */
export type HandlerType = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';

/**
 * Errors of a probe or lifecycle handler: exactly one handler type, each valid. `allowed` is in
 * the API server's order (exec, httpGet, tcpSocket, grpc, sleep), the order errors come in.
 */
export function validateHandler(
  handler: JsonRecord,
  allowed: readonly HandlerType[],
  gracePeriod: number | undefined,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  let count = 0;
  for (const type of allowed) {
    const action = recordAt(handler, type);
    if (action === undefined) continue;
    if (count > 0) {
      out.push(forbidden([...path, type], 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const at: FieldPath = [...path, type];
    if (type === 'exec' && arrayAt(action, 'command').length === 0) {
      out.push(required([...at, 'command']));
    }
    if (type === 'httpGet') out.push(...validateHttpGet(action, at));
    if (type === 'tcpSocket') out.push(...portErrors(action['port'], at, 'port'));
    if (type === 'grpc') {
      const port = numberAt(action, 'port') ?? 0;
      out.push(...portNumberProblems(port).map((m) => invalid([...at, 'port'], port, m)));
    }
    if (type === 'sleep') {
      const seconds = numberAt(action, 'seconds') ?? 0;
      if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
        out.push(
          invalid(
            at,
            seconds,
            `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
          ),
        );
      }
    }
  }
  if (count === 0) out.push(required(path, 'must specify a handler type'));
  return out;
}

const PROBE_HANDLERS: readonly HandlerType[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS: readonly HandlerType[] = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const PROBE_FIELDS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

/** Errors of one probe of a container (`kind` is livenessProbe, readinessProbe or startupProbe). */
export function validateProbe(
  probe: JsonRecord,
  kind: string,
  gracePeriod: number | undefined,
  path: FieldPath,
): FieldError[] {
  const out = validateHandler(probe, PROBE_HANDLERS, gracePeriod, path);
  for (const field of PROBE_FIELDS) {
    const value = numberAt(probe, field);
    if (value !== undefined && value < 0) out.push(invalid([...path, field], value, NEGATIVE));
  }
  const grace = numberAt(probe, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace <= 0) {
    out.push(invalid([...path, 'terminationGracePeriodSeconds'], grace, 'must be greater than 0'));
  }
  // A successThreshold of 0 is defaulted to 1 before validation.
  const success = numberAt(probe, 'successThreshold') ?? 0;
  if (kind !== 'readinessProbe' && success !== 0 && success !== 1) {
    out.push(invalid([...path, 'successThreshold'], success, 'must be 1'));
  }
  if (kind === 'readinessProbe' && grace !== undefined) {
    out.push(
      invalid(
        [...path, 'terminationGracePeriodSeconds'],
        grace,
        'must not be set for readinessProbes',
      ),
    );
  }
  return out;
}

/** Errors of a container's lifecycle (postStart, preStop). */
export function validateLifecycle(
  lifecycle: JsonRecord,
  gracePeriod: number | undefined,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = recordAt(lifecycle, hook);
    if (handler !== undefined) {
      out.push(...validateHandler(handler, LIFECYCLE_HANDLERS, gracePeriod, [...path, hook]));
    }
  }
  // stopSignal belongs to the ContainerStopSignals feature, off in 1.36: the API server drops it.
  return out;
}
