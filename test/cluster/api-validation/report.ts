import type { Cause, ServerAnswer } from './server-dry-run.js';
import type { Variant } from './variant.js';

/**
 * The comparison of the API-validation differential: for every variant, the API server's verdict
 * against kprod's (any error of the families that mirror the API server), per family and in
 * total, with every disagreement printed with the variant, the server's causes and kprod's
 * findings; and how often kprod words a refusal as the server does.
 */

/** One kprod finding, as `kprod check -o json` prints it. */
export interface KprodFinding {
  readonly rule: string;
  readonly severity: string;
  readonly file: string;
  readonly field?: string;
  readonly message: string;
}

/** Agreement counts of one family (or of the total). */
export interface Tally {
  variants: number;
  serverAccepts: number;
  agree: number;
  /** Variants both reject. */
  bothReject: number;
  /** Of `bothReject`: kprod prints one of the server's cause messages (field and text). */
  wordingAny: number;
  /** Of `bothReject`: kprod prints every one of the server's cause messages. */
  wordingAll: number;
}

/** The whole comparison. */
export interface Comparison {
  readonly total: Tally;
  readonly families: ReadonlyMap<string, Tally>;
  /** One printable block per disagreement on accept/reject. */
  readonly disagreements: readonly string[];
  /** One printable block per variant both reject with a different wording (never asserted). */
  readonly wordingDifferences: readonly string[];
  /** Variants the server neither accepted nor refused as invalid (conflict, forbidden, …). */
  readonly others: readonly string[];
}

function emptyTally(): Tally {
  return {
    variants: 0,
    serverAccepts: 0,
    agree: 0,
    bothReject: 0,
    wordingAny: 0,
    wordingAll: 0,
  };
}

/** A cause as kprod prints its message: `spec.replicas: Invalid value: -1: must be …`. */
export function causeText(cause: Cause): string {
  return cause.field === '' ? cause.message : `${cause.field}: ${cause.message}`;
}

function describeVariant(
  variant: Variant,
  answer: ServerAnswer,
  findings: readonly KprodFinding[],
): string {
  const server =
    answer.verdict === 'accept'
      ? ['    accepted']
      : answer.verdict === 'reject'
        ? answer.causes.length === 0
          ? [`    ${answer.status} ${answer.message}`]
          : answer.causes.map((c) => `    ${causeText(c)}`)
        : [`    ${answer.status} ${answer.message}`];
  const ours =
    findings.length === 0 ? ['    accepted'] : findings.map((f) => `    [${f.rule}] ${f.message}`);
  return [
    `${variant.id} (family ${variant.family})`,
    '  server:',
    ...server,
    '  kprod:',
    ...ours,
    `  object: ${JSON.stringify(variant.object)}`,
  ].join('\n');
}

/**
 * Compares the verdicts. `answers[i]` is the server's answer to `variants[i]`; `findings` maps a
 * variant id to kprod's findings of the mirroring rules for it (absent: none).
 */
export function compareVerdicts(
  variants: readonly Variant[],
  answers: readonly ServerAnswer[],
  findings: ReadonlyMap<string, readonly KprodFinding[]>,
): Comparison {
  const total = emptyTally();
  const families = new Map<string, Tally>();
  const disagreements: string[] = [];
  const wordingDifferences: string[] = [];
  const others: string[] = [];
  for (const [index, variant] of variants.entries()) {
    const answer = answers[index];
    if (answer === undefined) throw new Error(`no server answer for ${variant.id}`);
    const ours = findings.get(variant.id) ?? [];
    if (answer.verdict === 'other') {
      others.push(describeVariant(variant, answer, ours));
      continue;
    }
    const family = families.get(variant.family) ?? emptyTally();
    families.set(variant.family, family);
    const serverRejects = answer.verdict === 'reject';
    const kprodRejects = ours.length > 0;
    const agree = serverRejects === kprodRejects;
    let any = false;
    let all = false;
    if (answer.verdict === 'reject' && kprodRejects) {
      const printed = new Set(ours.map((f) => f.message));
      const texts = answer.causes.map(causeText);
      any = texts.some((t) => printed.has(t));
      all = texts.length > 0 && texts.every((t) => printed.has(t));
    }
    for (const tally of [total, family]) {
      tally.variants++;
      if (!serverRejects) tally.serverAccepts++;
      if (agree) tally.agree++;
      if (serverRejects && kprodRejects) tally.bothReject++;
      if (any) tally.wordingAny++;
      if (all) tally.wordingAll++;
    }
    if (!agree) disagreements.push(describeVariant(variant, answer, ours));
    else if (serverRejects && !all) wordingDifferences.push(describeVariant(variant, answer, ours));
  }
  return { total, families, disagreements, wordingDifferences, others };
}

/** `n/d (p%)`. */
export function ratio(n: number, d: number): string {
  return `${n}/${d} (${((100 * n) / Math.max(d, 1)).toFixed(2)}%)`;
}

/** One table line per family and the total. */
export function summaryLines(comparison: Comparison): string[] {
  const line = (name: string, t: Tally): string =>
    `${name.padEnd(16)} variants ${String(t.variants).padStart(5)}  server-valid ${String(t.serverAccepts).padStart(5)}  agreement ${ratio(t.agree, t.variants).padEnd(20)}  wording any ${ratio(t.wordingAny, t.bothReject).padEnd(20)}  all ${ratio(t.wordingAll, t.bothReject)}`;
  const names = [...comparison.families.keys()].sort();
  return [
    ...names.map((n) => line(n, comparison.families.get(n) ?? emptyTally())),
    line('TOTAL', comparison.total),
  ];
}
