/**
 * Findings held in columns of numbers over a table of distinct strings, instead of one object
 * each: a large input gives hundreds of thousands of findings that repeat the same rule, hint,
 * file and message, and as objects they would cost more memory than everything else together.
 * Each string is kept once, as a copy that shares no memory with the text it was read from (a
 * slice of a document would keep the whole file's text alive).
 */
import type { Finding, ResourceId, Severity } from './finding.js';

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
  // V8 makes no slice or concatenation shorter than 13 characters: it copies those already.
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
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

  /** The resource of the finding added last, and the ids of its strings. */
  private lastResource: ResourceId | undefined;
  private readonly lastResourceIds = [NONE, NONE, NONE, NONE];

  /** Stores a finding; `pass` orders findings that sort equal. */
  add(finding: Finding, pass: number): void {
    const c = this.columns;
    const resource = finding.resource;
    const ids = this.lastResourceIds;
    // Findings come object by object, and findingFor gives those of one object one id object.
    if (resource !== this.lastResource) {
      this.lastResource = resource;
      ids[0] = this.id(resource.apiVersion);
      ids[1] = this.id(resource.kind);
      ids[2] = this.id(resource.namespace);
      ids[3] = this.id(resource.name);
    }
    c.rule.push(this.id(finding.rule));
    c.severity.push(SEVERITIES.indexOf(finding.severity));
    c.apiVersion.push(ids[0] ?? NONE);
    c.kind.push(ids[1] ?? NONE);
    c.namespace.push(ids[2] ?? NONE);
    c.name.push(ids[3] ?? NONE);
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
   * The rank of each stored string in code-unit order, so that sorting compares numbers: the
   * strings are few (they repeat), the findings many.
   */
  private ranks(): Int32Array {
    const order = Array.from(this.strings.keys());
    const s = this.strings;
    order.sort((a, b) => {
      const x = s[a] ?? '';
      const y = s[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const ranks = new Int32Array(s.length);
    order.forEach((id, rank) => (ranks[id] = rank));
    return ranks;
  }

  /**
   * The indexes of the findings `keep` accepts (all of them without it), ordered as
   * {@link compareFindings} orders findings (file, line, rule, message), then by pass and by
   * the order they were added.
   */
  sortedIndexes(keep?: (index: number) => boolean): Uint32Array {
    const kept: number[] = [];
    for (let i = 0; i < this.length; i += 1) if (keep === undefined || keep(i)) kept.push(i);
    const c = this.columns;
    const ranks = this.ranks();
    const rank = (id: number): number => (id === NONE ? -1 : (ranks[id] ?? -1));
    kept.sort(
      (a, b) =>
        rank(c.file.at(a)) - rank(c.file.at(b)) ||
        c.line.at(a) - c.line.at(b) ||
        rank(c.rule.at(a)) - rank(c.rule.at(b)) ||
        rank(c.message.at(a)) - rank(c.message.at(b)) ||
        c.pass.at(a) - c.pass.at(b) ||
        a - b,
    );
    return Uint32Array.from(kept);
  }
}
