/**
 * Double-quoted escapes as kubectl reads them. kubectl's YAML parser (a Go port of libyaml,
 * YAML 1.1) takes `\'` as a quote, which YAML 1.2 and the `yaml` package refuse, and refuses
 * `\/`, which YAML 1.2 added. Every other escape means the same in both.
 */
import { KprodError } from '../errors.js';
import { yamlModule } from './yaml-lazy.js';

interface Escape {
  readonly offset: number;
  readonly char: string;
}

/** Every `\x` escape of the double-quoted scalars of `text`, found by the yaml CST parser. */
function doubleQuotedEscapes(text: string): Escape[] {
  const { CST, Parser } = yamlModule();
  const found: Escape[] = [];
  const scan = (token: unknown): void => {
    const t = token as { type?: string; source?: string; offset?: number } | undefined;
    if (t?.type !== 'double-quoted-scalar' || t.source === undefined || t.offset === undefined) {
      return;
    }
    for (let i = 1; i < t.source.length - 1; i += 1) {
      if (t.source[i] !== '\\') continue;
      found.push({ offset: t.offset + i, char: t.source[i + 1] ?? '' });
      i += 1;
    }
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    scan(token.value);
    CST.visit(token, (item) => {
      scan(item.key);
      scan(item.value);
    });
  }
  return found;
}

/**
 * `text` with every `\'` of a double-quoted scalar written as the plain quote it means, so the
 * `yaml` package reads what kubectl reads. Throws MANIFEST_INVALID, at the escape's line (shifted
 * by `lineOffset`) and column, for an escape kubectl refuses.
 */
export function asKubectlEscapes(text: string, file: string, lineOffset: number): string {
  if (!text.includes("\\'") && !text.includes('\\/')) return text;
  const escapes = doubleQuotedEscapes(text);
  const refused = escapes.find((e) => e.char === '/');
  if (refused !== undefined) {
    const before = text.slice(0, refused.offset);
    const line = before.split('\n').length + lineOffset;
    const column = refused.offset - before.lastIndexOf('\n');
    throw new KprodError(
      'MANIFEST_INVALID',
      `${file}:${line}:${column}: unknown escape "\\/" in a double-quoted string: kubectl's YAML parser refuses it`,
      { hint: 'Write "/" without the backslash.' },
    );
  }
  let out = text;
  // From the end, so that earlier offsets stay valid; lines do not move.
  for (const e of escapes.filter((x) => x.char === "'").reverse()) {
    out = `${out.slice(0, e.offset)}${out.slice(e.offset + 1)}`;
  }
  return out;
}
