import { describe, expect, it } from 'vitest';
import type { Finding, ResourceId, Severity } from './finding.js';
import { FindingStore } from './finding-store.js';
import { compareFindings } from './run-check.js';

const deployment: ResourceId = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'team-a',
  name: 'web',
};

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'rule-a',
    severity: 'warning',
    resource: deployment,
    file: 'a.yaml',
    line: 1,
    message: 'm',
    hint: 'h',
    ...overrides,
  };
}

/** A store holding `findings`, each added with the pass of the same index in `passes`. */
function storeOf(findings: readonly Finding[], passes: readonly number[] = []): FindingStore {
  const store = new FindingStore();
  findings.forEach((f, i) => {
    store.add(f, passes[i] ?? 0);
  });
  return store;
}

const all = (store: FindingStore): Finding[] =>
  Array.from({ length: store.length }, (_, i) => store.get(i));

/** The order sortedIndexes promises: compareFindings, then pass, then the order of adding. */
function expectedOrder(findings: readonly Finding[], passes: readonly number[]): number[] {
  return Array.from(findings.keys()).sort(
    (a, b) =>
      compareFindings(findings[a] as Finding, findings[b] as Finding) ||
      (passes[a] ?? 0) - (passes[b] ?? 0) ||
      a - b,
  );
}

/** Deterministic numbers in [0, n) (a linear congruential generator). */
function numbers(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

describe('FindingStore', () => {
  it('should read back every finding as it was added, absent keys absent', () => {
    const findings: Finding[] = [
      finding(),
      finding({ severity: 'error', field: 'spec.replicas', line: 0 }),
      finding({
        rule: 'rule-b',
        severity: 'info',
        resource: { apiVersion: 'v1', kind: 'Namespace', name: 'team-a' },
        file: 'b.yaml',
        line: 65_536,
        message: 'a message long enough to be copied',
        hint: 'another hint',
      }),
      finding({ line: 2 ** 32 + 7, field: '' }),
      finding({ line: 255, message: '', hint: '' }),
      // Copied as code units: a lone surrogate stays one.
      finding({ message: 'half a pair: \uD83D, then more', hint: 'short \uDE00' }),
    ];
    const store = storeOf(findings);
    expect(store.length).toBe(6);
    expect(all(store)).toStrictEqual(findings);
    store.sortedIndexes();
    expect(all(store)).toStrictEqual(findings);
  });

  it('should keep the resource of each finding when objects interleave or differ in one part', () => {
    const resources: ResourceId[] = [
      deployment,
      { ...deployment, apiVersion: 'apps/v1beta2' },
      { ...deployment, kind: 'StatefulSet' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      { ...deployment, namespace: '' },
      { ...deployment, name: 'api' },
      // Equal to the one before it, another object: the findings still read the same resource.
      { ...deployment, name: 'api' },
      deployment,
      { ...deployment, namespace: 'team-b' },
      deployment,
    ];
    const findings = resources.flatMap((resource, i) => [
      finding({ resource, line: i }),
      finding({ resource, line: i, rule: 'rule-b' }),
    ]);
    const store = storeOf(findings);
    expect(all(store).map((f) => f.resource)).toStrictEqual(findings.map((f) => f.resource));
    expect(store.get(6).resource).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
    });
  });

  it('should read back each severity and order equal findings by pass, not by severity', () => {
    const severities: Severity[] = ['info', 'warning', 'error', 'error', 'info', 'warning'];
    const passes = [1, 0, 0, 300, 84, 85];
    const findings = severities.map((severity) => finding({ severity }));
    const store = storeOf(findings, passes);
    expect(all(store).map((f) => f.severity)).toEqual(severities);
    expect(Array.from(store.sortedIndexes())).toEqual([1, 2, 0, 4, 5, 3]);
    expect(all(store).map((f) => f.severity)).toEqual(severities);
  });

  it('should order as compareFindings does, then by pass, then by the order of adding', () => {
    const next = numbers(7);
    const pick = <T>(values: readonly T[]): T => values[next(values.length)] as T;
    // Code-unit order, as compareFindings: 'B' < 'a', and a surrogate pair before U+FFFD.
    const files = ['a.yaml', 'B.yaml', 'é.yaml', 'z/a.yaml'];
    const rules = ['rule-b', 'rule-a', 'Rule-c', 'rule-a-b'];
    const messages = [
      'm',
      'M',
      '\u{1F600} smile',
      '\uFFFD replaced',
      'm2',
      'a longer message, copied',
    ];
    const findings = Array.from({ length: 3000 }, () =>
      finding({
        file: pick(files),
        line: next(6),
        rule: pick(rules),
        message: pick(messages),
        severity: pick<Severity>(['error', 'warning', 'info']),
      }),
    );
    const passes = findings.map(() => next(4));
    const store = storeOf(findings, passes);
    expect(Array.from(store.sortedIndexes())).toEqual(expectedOrder(findings, passes));
    const kept = (i: number): boolean => i % 3 !== 1;
    expect(Array.from(store.sortedIndexes(kept))).toEqual(
      expectedOrder(findings, passes).filter(kept),
    );
  });

  it('should keep many distinct strings, and order equal ones that came back as equal', () => {
    // Past a byte of rules, past 16 bits of messages and past the table's lookup of recent
    // strings: the messages `same` (among the first) and `late same` (past them) come back
    // after 65,536 others, each to be ordered by pass with its twin. Past the first thousands,
    // strings are kept as characters in buffers of a megabyte: some strings of every kind
    // there, one longer than a buffer and an empty one after it.
    const special = [
      'é, one byte in Latin-1 but not ASCII',
      '\u{1F600} a pair',
      'a lone \uDC00',
      '',
      'short',
      'x'.repeat(2 ** 20 + 3),
      '',
      'after the long one',
    ];
    const message = (i: number): string =>
      i === 4999
        ? 'late same'
        : i > 5000 && i % 1000 < special.length
          ? `${special[i % 1000]}`
          : `message ${i}`;
    const findings = [
      finding({ message: 'same' }),
      ...Array.from({ length: 70_000 }, (_, i) =>
        finding({ rule: `rule-${i % 300}`, message: message(i), line: 2 + (i % 5) }),
      ),
      finding({ message: 'same' }),
      finding({ rule: 'rule-199', message: 'late same', line: 6 }),
    ];
    const passes = findings.map((_, i) => (i === 0 || i === 5000 ? 1 : 0));
    const store = storeOf(findings, passes);
    expect(all(store)).toStrictEqual(findings);
    const order = Array.from(store.sortedIndexes());
    expect(order.slice(0, 3)).toEqual([70_001, 0, 1]);
    expect(order.indexOf(70_002)).toBe(order.indexOf(5000) - 1);
    expect(order).toEqual(expectedOrder(findings, passes));
  });

  it('should keep adding after sortedIndexes', () => {
    const first = Array.from({ length: 2000 }, (_, i) =>
      finding({
        line: 3000 - i,
        message: `m${i % 10}`,
        resource: { ...deployment, name: `n${i}` },
      }),
    );
    const second = first.map((f, i) => ({ ...f, line: i % 7 }));
    const store = storeOf(first);
    expect(Array.from(store.sortedIndexes())).toEqual(expectedOrder(first, []));
    second.forEach((f) => {
      store.add(f, 1);
    });
    const both = [...first, ...second];
    const passes = both.map((_, i) => (i < first.length ? 0 : 1));
    expect(all(store)).toStrictEqual(both);
    expect(Array.from(store.sortedIndexes())).toEqual(expectedOrder(both, passes));
  });
});
