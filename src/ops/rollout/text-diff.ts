/**
 * A unified diff of two texts by lines, as `diff -u` prints it. The line matching is jsdiff's
 * (Myers' O(ND) algorithm): time and memory follow the size of the change, so a ConfigMap of
 * tens of thousands of lines with a few edits diffs quickly.
 */
import { structuredPatch } from 'diff';

/** `diff -u` output between two texts, or '' when they are equal. */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
  context = 3,
): string {
  if (before === after) return '';
  const patch = structuredPatch(labels.from, labels.to, before, after, undefined, undefined, {
    context,
  });
  if (patch.hunks.length === 0) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  // An empty side is numbered from the line before it, as diff does (`@@ -0,0 +1,2 @@`).
  const start = (line: number, count: number): number => (count === 0 ? line - 1 : line);
  for (const h of patch.hunks) {
    out.push(
      `@@ -${start(h.oldStart, h.oldLines)},${h.oldLines} +${start(h.newStart, h.newLines)},${h.newLines} @@`,
      ...h.lines,
    );
  }
  return out.join('\n') + '\n';
}
