/**
 * A unified diff of two texts by lines (longest common subsequence), as `diff -u` prints it.
 * Pure; sized for Kubernetes objects (hundreds of lines), not for large files.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i * (m + 1) + j]: length of the LCS of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * (m + 1) + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j] ?? 0, lcs[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '' });
      i++;
      j++;
    } else if (
      j < m &&
      (i === n || (lcs[i * (m + 1) + j + 1] ?? 0) >= (lcs[(i + 1) * (m + 1) + j] ?? 0))
    ) {
      ops.push({ kind: '+', line: b[j] ?? '' });
      j++;
    } else {
      ops.push({ kind: '-', line: a[i] ?? '' });
      i++;
    }
  }
  // Print removals before additions within a change, as diff does.
  for (let k = 0; k < ops.length;) {
    if (ops[k]?.kind === ' ') {
      k++;
      continue;
    }
    let end = k;
    while (end < ops.length && ops[end]?.kind !== ' ') end++;
    const block = ops.slice(k, end);
    ops.splice(
      k,
      end - k,
      ...block.filter((o) => o.kind === '-'),
      ...block.filter((o) => o.kind === '+'),
    );
    k = end;
  }
  return ops;
}

function split(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** `diff -u` output between two texts, or '' when they are equal. */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
  context = 3,
): string {
  const ops = lineOps(split(before), split(after));
  if (ops.every((o) => o.kind === ' ')) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  let start = 0;
  while (start < changed.length) {
    // Grow the hunk while the next change is within 2*context lines of the previous one.
    let end = start;
    while (
      end + 1 < changed.length &&
      (changed[end + 1] ?? 0) - (changed[end] ?? 0) <= 2 * context + 1
    )
      end++;
    const from = Math.max(0, (changed[start] ?? 0) - context);
    const to = Math.min(ops.length, (changed[end] ?? 0) + context + 1);
    let aLine = 1;
    let bLine = 1;
    for (const o of ops.slice(0, from)) {
      if (o.kind !== '+') aLine++;
      if (o.kind !== '-') bLine++;
    }
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(
      `@@ -${aCount === 0 ? aLine - 1 : aLine},${aCount} +${bCount === 0 ? bLine - 1 : bLine},${bCount} @@`,
      ...hunk.map((o) => `${o.kind}${o.line}`),
    );
    start = end + 1;
  }
  return out.join('\n') + '\n';
}
