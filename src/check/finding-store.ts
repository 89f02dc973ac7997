/**
 * Findings held in columns of numbers over a table of distinct strings, instead of one object
 * each: a large input gives hundreds of thousands of findings that repeat the same rule, hint,
 * file and message, and as objects they would cost more memory than everything else together.
 * Each string is kept once, as a copy that shares no memory with the text it was read from (a
 * slice of a document would keep the whole file's text alive).
 */
import type { Finding, Severity } from './finding.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const NONE = -1;

/** A growable column of 32-bit integers. */
class Column {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  at(index: number): number {
    return this.data[index] ?? NONE;
  }
}

/** A copy of `text` that is a flat string of its own, not a slice or concatenation of another. */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Findings in columns; {@link FindingStore.get} rebuilds one as an object. */
export class FindingStore {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly columns = {
    rule: new Column(),
    severity: new Column(),
    apiVersion: new Column(),
    kind: new Column(),
    namespace: new Column(),
    name: new Column(),
    file: new Column(),
    line: new Column(),
    field: new Column(),
    message: new Column(),
    hint: new Column(),
    /** Which pass found it (a family's index and pass): ties in sorting keep the pass order. */
    pass: new Column(),
  };

  /** How many findings are stored. */
  get length(): number {
    return this.columns.rule.length;
  }

  private id(text: string | undefined): number {
    if (text === undefined) return NONE;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.strings.length;
      const copy = ownCopy(text);
      this.strings.push(copy);
      this.ids.set(copy, id);
    }
    return id;
  }

  private text(id: number): string | undefined {
    return id === NONE ? undefined : this.strings[id];
  }

  /** Stores a finding; `pass` orders findings that sort equal. */
  add(finding: Finding, pass: number): void {
    const c = this.columns;
    c.rule.push(this.id(finding.rule));
    c.severity.push(SEVERITIES.indexOf(finding.severity));
    c.apiVersion.push(this.id(finding.resource.apiVersion));
    c.kind.push(this.id(finding.resource.kind));
    c.namespace.push(this.id(finding.resource.namespace));
    c.name.push(this.id(finding.resource.name));
    c.file.push(this.id(finding.file));
    c.line.push(finding.line);
    c.field.push(this.id(finding.field));
    c.message.push(this.id(finding.message));
    c.hint.push(this.id(finding.hint));
    c.pass.push(pass);
  }

  /** The finding at `index`, as an object. */
  get(index: number): Finding {
    const c = this.columns;
    const namespace = this.text(c.namespace.at(index));
    const field = this.text(c.field.at(index));
    return {
      rule: this.text(c.rule.at(index)) ?? '',
      severity: SEVERITIES[c.severity.at(index)] ?? 'error',
      resource: {
        apiVersion: this.text(c.apiVersion.at(index)) ?? '',
        kind: this.text(c.kind.at(index)) ?? '',
        // Absent keys, not `undefined` values: reports print the finding as its family made it.
        ...(namespace === undefined ? {} : { namespace }),
        name: this.text(c.name.at(index)) ?? '',
      },
      file: this.text(c.file.at(index)) ?? '',
      line: c.line.at(index),
      ...(field === undefined ? {} : { field }),
      message: this.text(c.message.at(index)) ?? '',
      hint: this.text(c.hint.at(index)) ?? '',
    };
  }

  /**
   * The indexes of the findings `keep` accepts, ordered as {@link compareFindings} orders
   * findings (file, line, rule, message), then by pass and by the order they were added.
   */
  sortedIndexes(keep: (index: number) => boolean): Uint32Array {
    const kept: number[] = [];
    for (let i = 0; i < this.length; i += 1) if (keep(i)) kept.push(i);
    const c = this.columns;
    const s = this.strings;
    const cmpText = (a: number, b: number): number => {
      if (a === b) return 0;
      const x = s[a] ?? '';
      const y = s[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    };
    kept.sort(
      (a, b) =>
        cmpText(c.file.at(a), c.file.at(b)) ||
        c.line.at(a) - c.line.at(b) ||
        cmpText(c.rule.at(a), c.rule.at(b)) ||
        cmpText(c.message.at(a), c.message.at(b)) ||
        c.pass.at(a) - c.pass.at(b) ||
        a - b,
    );
    return Uint32Array.from(kept);
  }
}
