/**
 * Finds the line of a field in block-style YAML by its indentation, without parsing the
 * document: the quick answer for most findings. Anything it is not sure about (flow
 * collections, block scalars on the way, JSON, a marker line with content) answers `null`, and
 * the caller then asks the full YAML document model.
 */
import type { FieldPath } from './source-object.js';

const KEY =
  /^(?:"([^"\\]*)"|'([^']*)'|([^\s#'"{[\]},&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?))\s*:(?:\s|$)/;

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i += 1;
  return i;
}

function isContent(line: string): boolean {
  const rest = line.trimStart();
  return rest !== '' && rest !== '\r' && !rest.startsWith('#');
}

function isDash(rest: string): boolean {
  return rest === '-' || rest === '-\r' || rest.startsWith('- ');
}

/** True when a value written after `key:` or `- ` opens something this scanner cannot follow. */
function opaqueValue(value: string): boolean {
  const v = value.trim();
  return v !== '' && !v.startsWith('#');
}

/**
 * The 0-based line of `path` within `lines` (one YAML document), `undefined` when the field is
 * certainly absent, or `null` when the scanner cannot tell.
 */
export function scanFieldLine(
  lines: readonly string[],
  path: FieldPath,
): number | null | undefined {
  // `virtual` re-reads a list item's first line with its dash blanked, so its first key sits at
  // the same indent as the item's other keys.
  let virtualLine = -1;
  let virtualText = '';
  const text = (i: number): string => (i === virtualLine ? virtualText : (lines[i] ?? ''));
  let from = 0;
  let to = lines.length;
  if (lines[0]?.startsWith('---') === true) {
    if (isContent(lines[0].slice(3))) return null;
    from = 1;
  }
  let parentIndent = -1;
  let line: number | undefined;
  for (let step = 0; step < path.length; step += 1) {
    const part = path[step];
    if (part === undefined) return null;
    let first = from;
    while (first < to && !isContent(text(first))) first += 1;
    if (first >= to) return undefined;
    const indent = indentOf(text(first));
    const firstRest = text(first).slice(indent);
    if (typeof part === 'string') {
      if (indent <= parentIndent || isDash(firstRest)) return null;
      let found = -1;
      let end = to;
      for (let i = first; i < to; i += 1) {
        const t = text(i);
        if (!isContent(t)) continue;
        const d = indentOf(t);
        if (d < indent) {
          end = i;
          break;
        }
        if (d > indent) continue;
        const rest = t.slice(d);
        // A list written at a key's own indent (`key:\n- a`) belongs to that key.
        if (isDash(rest)) continue;
        if (found >= 0) {
          end = i;
          break;
        }
        const match = KEY.exec(rest);
        if (match === null) return null;
        const key = match[1] ?? match[2] ?? match[3] ?? '';
        if (key === part) {
          found = i;
          if (step < path.length - 1 && opaqueValue(rest.slice(match[0].length))) return null;
        }
      }
      if (found < 0) return undefined;
      line = found;
      from = found + 1;
      to = end;
      parentIndent = indent;
      // A list at the key's own indent: the next step's dash lines sit at `indent`.
      if (isDash(firstContentRest(text, from, to, indent))) parentIndent = indent - 1;
    } else {
      if (!isDash(firstRest) || indent <= parentIndent) return null;
      let count = -1;
      let start = -1;
      let end = to;
      for (let i = first; i < to; i += 1) {
        const t = text(i);
        if (!isContent(t)) continue;
        const d = indentOf(t);
        if (d < indent || (d === indent && !isDash(t.slice(d)))) {
          end = i;
          break;
        }
        if (d > indent) continue;
        count += 1;
        if (count === part) start = i;
        else if (count === part + 1) {
          end = i;
          break;
        }
      }
      if (start < 0) return undefined;
      line = start;
      const itemText = text(start);
      const after = itemText.slice(indent + 1);
      if (step < path.length - 1) {
        const value = after.trim();
        if (value === '' || value === '\r') {
          from = start + 1;
        } else {
          if (
            value.startsWith('{') ||
            value.startsWith('[') ||
            value.startsWith('|') ||
            value.startsWith('>')
          ) {
            return null;
          }
          virtualLine = start;
          virtualText = `${' '.repeat(indent + 1)}${after}`;
          from = start;
        }
      }
      to = end;
      parentIndent = indent;
    }
  }
  return line;
}

function firstContentRest(
  text: (i: number) => string,
  from: number,
  to: number,
  indent: number,
): string {
  for (let i = from; i < to; i += 1) {
    const t = text(i);
    if (!isContent(t)) continue;
    const d = indentOf(t);
    return d === indent ? t.slice(d) : '';
  }
  return '';
}
