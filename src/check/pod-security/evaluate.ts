import { NEWEST_PSS_MINOR, PSS_CHECKS, type PssCheck } from './checks.js';
import type { PssPod, PssViolation } from './pod-spec.js';

/** A Pod Security Standards level. */
export type PssLevel = 'privileged' | 'baseline' | 'restricted';

/** A level at a policy version, as a namespace label pair sets it. */
export interface PssLevelVersion {
  readonly level: PssLevel;
  /** `latest` or `v1.N`, as written (printed back in messages, like the API server does). */
  readonly version: string;
}

/** Parses a PodSecurity version label value: `latest` or `v1.N`; undefined when invalid. */
export function parsePssVersion(text: string): 'latest' | number | undefined {
  if (text === 'latest') return 'latest';
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(text);
  return match === null ? undefined : Number(match[1]);
}

/** Parses a PodSecurity level label value; undefined when invalid. */
export function parsePssLevel(text: string): PssLevel | undefined {
  return text === 'privileged' || text === 'baseline' || text === 'restricted' ? text : undefined;
}

/** `restricted:v1.30`, as the API server prints a level and version. */
export function formatLevelVersion(lv: PssLevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

function revisionAt(check: PssCheck, minor: number): PssCheck['versions'][number] | undefined {
  let found: PssCheck['versions'][number] | undefined;
  for (const revision of check.versions) if (revision.minor <= minor) found = revision;
  return found;
}

/**
 * The checks that apply at a level and version, in the order the controller runs them: at
 * baseline every baseline check; at restricted the baseline checks that no restricted check
 * replaces, then the restricted checks (each group in id order). A replaced check still runs
 * at the restricted level for versions older than its replacement (e.g. capabilities before
 * v1.22, procMount before v1.35), so no version is left without it.
 */
export function checksFor(level: PssLevel, minor: number): PssCheck['versions'][number][] {
  if (level === 'privileged') return [];
  const plain: PssCheck['versions'][number][] = [];
  const tail: PssCheck['versions'][number][] = [];
  for (const check of PSS_CHECKS) {
    const revision = revisionAt(check, minor);
    if (revision === undefined) continue;
    if (check.level === 'baseline' && check.replacedBy === undefined) plain.push(revision);
    else if (check.level === 'baseline') {
      const replacement = PSS_CHECKS.find((c) => c.id === check.replacedBy);
      const replaced = replacement !== undefined && revisionAt(replacement, minor) !== undefined;
      if (level === 'baseline') plain.push(revision);
      else if (!replaced) plain.push(revision);
    } else if (level === 'restricted') tail.push(revision);
  }
  return [...plain, ...tail];
}

/**
 * Evaluates a pod against a level and version; an empty list means the pod is allowed.
 * `kubeMinor` is the Kubernetes release whose API server judges (1.N): it knows no policy
 * newer than its own, so `latest` and newer versions are evaluated as its newest (for 1.36,
 * v1.35). Without it, as the newest release kprod knows.
 */
export function evaluatePodSecurity(
  lv: PssLevelVersion,
  pod: PssPod,
  kubeMinor?: number,
): PssViolation[] {
  const parsed = parsePssVersion(lv.version);
  const newest = Math.min(NEWEST_PSS_MINOR, kubeMinor ?? NEWEST_PSS_MINOR);
  const minor = parsed === undefined || parsed === 'latest' ? newest : Math.min(parsed, newest);
  const out: PssViolation[] = [];
  for (const revision of checksFor(lv.level, minor)) {
    const violation = revision.check(pod);
    if (violation !== undefined) out.push(violation);
  }
  return out;
}

/** Joins violations as the API server does: `reason (detail), reason (detail)`. */
export function formatViolations(violations: readonly PssViolation[]): string {
  return violations
    .map((v) => (v.detail === '' ? v.reason : `${v.reason} (${v.detail})`))
    .join(', ');
}
