/**
 * Findings held in columns of numbers over tables of distinct strings, instead of one object
 * each: a large input gives hundreds of thousands of findings that repeat the same rule, hint,
 * file and message, and as objects they would cost more memory than everything else together.
 * Each column is as narrow as its values allow (a byte for rule ids, which are few), the findings
 * of one object share one row of a resource table, and each string is kept once (nearly: see
 * LOOKUP_SIZE), as a copy that shares no memory with the text it was read from (a slice of a
 * document would keep the whole file's text alive); past the first thousands of a column, as
 * characters in a buffer.
 */
import { ownString } from '../manifest/own-string.js';
import type { Finding, ResourceId, Severity } from './finding.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The cells of a column, from the narrowest to the one that holds any number. */
type Cells = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/**
 * A growable column of numbers, one byte a cell until a value needs more: it widens to 16 and
 * 32 bits for larger unsigned integers, and to 64-bit floats for anything else (so every number
 * reads back exactly). It grows by half (not double) its size, and {@link Column.trim} drops what
 * was grown but not used.
 */
class Column {
  private cells: Cells = new Uint8Array(1024);
  /** The largest unsigned integer the cells hold; Infinity once they hold any number. */
  private limit = 0xff;
  length = 0;

  push(value: number): void {
    // `value >>> 0 !== value`: negative, fractional, NaN or past 32 bits.
    if (value > this.limit || (value >>> 0 !== value && this.limit !== Infinity)) {
      this.widen(value);
    }
    if (this.length === this.cells.length) this.resize(this.length + (this.length >> 1) + 1);
    this.cells[this.length] = value;
    this.length += 1;
  }

  at(index: number): number {
    return this.cells[index] ?? 0;
  }

  /** Gives back the cells past the length (no more values are expected). */
  trim(): void {
    if (this.cells.length !== this.length) this.resize(this.length);
  }

  private widen(value: number): void {
    let wider: Cells;
    if (value >>> 0 !== value) {
      wider = new Float64Array(this.cells.length);
      this.limit = Infinity;
    } else if (value <= 0xffff) {
      wider = new Uint16Array(this.cells.length);
      this.limit = 0xffff;
    } else {
      wider = new Uint32Array(this.cells.length);
      this.limit = 0xffff_ffff;
    }
    wider.set(this.cells);
    this.cells = wider;
  }

  private resize(size: number): void {
    const cells = this.cells;
    const resized =
      cells instanceof Uint8Array
        ? new Uint8Array(size)
        : cells instanceof Uint16Array
          ? new Uint16Array(size)
          : cells instanceof Uint32Array
            ? new Uint32Array(size)
            : new Float64Array(size);
    resized.set(cells.subarray(0, Math.min(size, this.length)));
    this.cells = resized;
  }
}

/**
 * How `text` is kept as bytes exactly: one byte a character when all are ASCII, else two (a
 * code unit each, so that even a lone surrogate comes back as it was).
 */
function encodingOf(text: string): 'latin1' | 'utf16le' {
  return Buffer.byteLength(text, 'utf8') === text.length ? 'latin1' : 'utf16le';
}

/**
 * How many strings a table looks up before it starts a new lookup: an input of many objects
 * gives as many distinct names and messages, and a lookup of them all would cost more than the
 * strings. What repeats is mostly what repeats often, so it comes back into the new lookup at
 * once; a string that comes back after a restart is kept a second time, under a new number.
 * The first strings of a table (WHOLE_STRINGS), those that repeat most, stay in every lookup.
 */
const LOOKUP_SIZE = 65_536;

/**
 * How many strings a table keeps as strings. It keeps the characters of later ones in
 * buffers, without the 24 bytes a string and its place in an array cost, and makes them into
 * strings again as they are read: tables of few strings (rules, files, hints) never do.
 */
const WHOLE_STRINGS = 4_096;

/**
 * The size of the buffers that keep those characters (a longer string gets one of its own):
 * buffers of a fixed size leave at most one part-filled, where growing one buffer leaves up to
 * a third of it unused.
 */
const CHUNK_SIZE = 1 << 20;

/**
 * The distinct strings of one column, numbered from 1 in the order they came (0 is no string):
 * a column of its own keeps the numbers of a column with few strings (rules) small even when
 * another has many (messages). A string may have more than one number (see LOOKUP_SIZE).
 */
class StringTable {
  /** From each recent string (and each whole one) to its number; made anew as needed. */
  private numbers: Map<string, number> | undefined;
  /** The first WHOLE_STRINGS strings. */
  private readonly strings: string[] = [];
  /** The characters of the later strings, and how many bytes of each buffer they take. */
  private readonly chunks: Buffer[] = [];
  private readonly used: number[] = [];
  /**
   * Where each later string starts (its buffer's index times CHUNK_SIZE, plus its offset in
   * that buffer), times 2, plus 1 if it takes two bytes a character.
   */
  private readonly starts = new Column();

  /** How many strings are kept. */
  private get size(): number {
    return this.strings.length + this.starts.length;
  }

  number(text: string | undefined): number {
    if (text === undefined) return 0;
    let numbers = this.numbers ?? this.newLookup();
    let number = numbers.get(text);
    if (number === undefined) {
      if (numbers.size === LOOKUP_SIZE) numbers = this.newLookup();
      const copy = this.keep(text);
      number = this.size;
      numbers.set(copy, number);
    }
    return number;
  }

  /** A lookup that knows only the whole strings (which are distinct: they fit one lookup). */
  private newLookup(): Map<string, number> {
    this.numbers = new Map(this.strings.map((text, i) => [text, i + 1]));
    return this.numbers;
  }

  /** Keeps `text` under the next number; returns a copy that shares no memory with `text`. */
  private keep(text: string): string {
    if (this.strings.length < WHOLE_STRINGS) {
      const copy = ownString(text);
      this.strings.push(copy);
      return copy;
    }
    const encoding = encodingOf(text);
    const size = encoding === 'latin1' ? text.length : 2 * text.length;
    let chunk = this.chunks.length - 1;
    let offset = this.used[chunk] ?? 0;
    // Offsets stay under CHUNK_SIZE, so that a start says its buffer (an empty string too).
    if (offset + size > (this.chunks[chunk]?.length ?? 0) || offset >= CHUNK_SIZE) {
      this.chunks.push(Buffer.alloc(Math.max(CHUNK_SIZE, size)));
      this.used.push(0);
      chunk += 1;
      offset = 0;
    }
    const bytes = this.chunks[chunk] as Buffer;
    bytes.write(text, offset, size, encoding);
    this.used[chunk] = offset + size;
    this.starts.push(2 * (chunk * CHUNK_SIZE + offset) + (encoding === 'latin1' ? 0 : 1));
    return text.length < 13 ? text : bytes.toString(encoding, offset, offset + size);
  }

  /** The later string read last: the findings of one object follow each other in reports. */
  private lastRead = 0;
  private lastText: string | undefined;

  text(number: number): string | undefined {
    if (number === 0) return undefined;
    if (number <= WHOLE_STRINGS) return this.strings[number - 1];
    if (number !== this.lastRead) {
      this.lastRead = number;
      this.lastText = this.read(number);
    }
    return this.lastText;
  }

  /** Makes a later string of its characters again. */
  private read(number: number): string | undefined {
    const later = number - 1 - WHOLE_STRINGS;
    const at = this.starts.at(later);
    const start = Math.floor(at / 2);
    const chunk = Math.floor(start / CHUNK_SIZE);
    const offset = start - chunk * CHUNK_SIZE;
    // It ends where the next string starts, if that is in the same buffer, else where it ends.
    const next = later + 1 < this.starts.length ? Math.floor(this.starts.at(later + 1) / 2) : -1;
    const end =
      next >= 0 && Math.floor(next / CHUNK_SIZE) === chunk
        ? next - chunk * CHUNK_SIZE
        : (this.used[chunk] ?? offset);
    return this.chunks[chunk]?.toString(at % 2 === 0 ? 'latin1' : 'utf16le', offset, end);
  }

  /** Drops the lookup and spare bytes (reading needs neither); a later string starts anew. */
  trim(): void {
    this.numbers = undefined;
    const last = this.chunks.length - 1;
    const bytes = this.chunks[last];
    const used = this.used[last] ?? 0;
    if (bytes !== undefined && bytes.length > used)
      this.chunks[last] = Buffer.from(bytes.subarray(0, used));
    this.starts.trim();
  }

  /**
   * The rank of each string (by its number) in code-unit order, no string first and equal
   * strings equal, so that sorting compares numbers: the strings are few (they repeat), the
   * findings many.
   */
  ranks(): Uint32Array {
    const s = Array.from({ length: this.size }, (_, i) => this.text(i + 1) ?? '');
    const order = Array.from(s.keys());
    order.sort((a, b) => {
      const x = s[a] ?? '';
      const y = s[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const ranks = new Uint32Array(s.length + 1);
    let rank = 0;
    let previous: string | undefined;
    for (const i of order) {
      const text = s[i];
      if (rank === 0 || text !== previous) rank += 1;
      previous = text;
      ranks[i + 1] = rank;
    }
    return ranks;
  }
}

/** Findings in columns; {@link FindingStore.get} rebuilds one as an object. */
export class FindingStore {
  private readonly tables = {
    rule: new StringTable(),
    file: new StringTable(),
    field: new StringTable(),
    message: new StringTable(),
    hint: new StringTable(),
    apiVersion: new StringTable(),
    kind: new StringTable(),
    namespace: new StringTable(),
    name: new StringTable(),
  };
  /**
   * The resources of the findings, a row each: the numbers of their strings, and the index of
   * the first finding of the row. The findings of a row follow each other (findings come object
   * by object), up to the first of the next row: no column of the findings says their row.
   */
  private readonly resources = {
    first: new Column(),
    apiVersion: new Column(),
    kind: new Column(),
    namespace: new Column(),
    name: new Column(),
  };
  /** One cell a finding each; strings by their number in the column's table. */
  private readonly columns = {
    rule: new Column(),
    file: new Column(),
    line: new Column(),
    field: new Column(),
    message: new Column(),
    hint: new Column(),
    /**
     * Which pass found it (a family's index and pass: ties in sorting keep the pass order) and
     * the severity, as `pass * 3 + severity`: one byte while passes are fewer than 85.
     */
    passAndSeverity: new Column(),
  };

  /** How many findings are stored. */
  get length(): number {
    return this.columns.rule.length;
  }

  /** The resource of the finding added last, and its row. */
  private lastResource: ResourceId | undefined;
  private lastRow = -1;

  /** Adds a row for the next finding's resource to the resource table unless the last has it. */
  private addRow(resource: ResourceId): void {
    // Findings come object by object, and findingFor gives those of one object one id object.
    if (resource === this.lastResource) return;
    const { tables: t, resources: r } = this;
    const apiVersion = t.apiVersion.number(resource.apiVersion);
    const kind = t.kind.number(resource.kind);
    const namespace = t.namespace.number(resource.namespace);
    const name = t.name.number(resource.name);
    const last = this.lastRow;
    this.lastResource = resource;
    if (
      last >= 0 &&
      r.name.at(last) === name &&
      r.namespace.at(last) === namespace &&
      r.kind.at(last) === kind &&
      r.apiVersion.at(last) === apiVersion
    ) {
      return;
    }
    r.first.push(this.length);
    r.apiVersion.push(apiVersion);
    r.kind.push(kind);
    r.namespace.push(namespace);
    r.name.push(name);
    this.lastRow = r.name.length - 1;
  }

  /** The row get read last: reports read findings mostly in the order they were added. */
  private readRow = 0;

  /** The row of the finding at `index`: the last row that starts at or before it. */
  private rowOf(index: number): number {
    const first = this.resources.first;
    const row = this.readRow;
    if (first.at(row) <= index && (row + 1 >= first.length || index < first.at(row + 1))) {
      return row;
    }
    let low = 0;
    let high = first.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (first.at(middle) <= index) low = middle;
      else high = middle - 1;
    }
    this.readRow = low;
    return low;
  }

  /** Stores a finding; `pass` (a non-negative integer) orders findings that sort equal. */
  add(finding: Finding, pass: number): void {
    const { columns: c, tables: t } = this;
    // An unknown severity reads back as an error, as the first of them.
    const severity = Math.max(SEVERITIES.indexOf(finding.severity), 0);
    this.addRow(finding.resource);
    c.rule.push(t.rule.number(finding.rule));
    c.file.push(t.file.number(finding.file));
    c.line.push(finding.line);
    c.field.push(t.field.number(finding.field));
    c.message.push(t.message.number(finding.message));
    c.hint.push(t.hint.number(finding.hint));
    c.passAndSeverity.push(pass * 3 + severity);
  }

  /** The finding at `index`, as an object. */
  get(index: number): Finding {
    const { columns: c, tables: t, resources: r } = this;
    const row = this.rowOf(index);
    const namespace = t.namespace.text(r.namespace.at(row));
    const field = t.field.text(c.field.at(index));
    return {
      rule: t.rule.text(c.rule.at(index)) ?? '',
      severity: SEVERITIES[c.passAndSeverity.at(index) % 3] ?? 'error',
      resource: {
        apiVersion: t.apiVersion.text(r.apiVersion.at(row)) ?? '',
        kind: t.kind.text(r.kind.at(row)) ?? '',
        // Absent keys, not `undefined` values: reports print the finding as its family made it.
        ...(namespace === undefined ? {} : { namespace }),
        name: t.name.text(r.name.at(row)) ?? '',
      },
      file: t.file.text(c.file.at(index)) ?? '',
      line: c.line.at(index),
      ...(field === undefined ? {} : { field }),
      message: t.message.text(c.message.at(index)) ?? '',
      hint: t.hint.text(c.hint.at(index)) ?? '',
    };
  }

  /**
   * The indexes of the findings `keep` accepts (all of them without it), ordered as
   * {@link compareFindings} orders findings (file, line, rule, message), then by pass and by
   * the order they were added. Runs add every finding first: this gives back the memory kept
   * for more (a later add still works).
   */
  sortedIndexes(keep?: (index: number) => boolean): Uint32Array {
    for (const column of Object.values(this.columns)) column.trim();
    for (const column of Object.values(this.resources)) column.trim();
    for (const table of Object.values(this.tables)) table.trim();
    const kept: number[] = [];
    for (let i = 0; i < this.length; i += 1) if (keep === undefined || keep(i)) kept.push(i);
    const c = this.columns;
    const files = this.tables.file.ranks();
    const rules = this.tables.rule.ranks();
    const messages = this.tables.message.ranks();
    // Pass and severity are one number, pass times 3 plus severity: divide to compare passes.
    const pass = (index: number): number => Math.floor(c.passAndSeverity.at(index) / 3);
    kept.sort(
      (a, b) =>
        (files[c.file.at(a)] ?? 0) - (files[c.file.at(b)] ?? 0) ||
        c.line.at(a) - c.line.at(b) ||
        (rules[c.rule.at(a)] ?? 0) - (rules[c.rule.at(b)] ?? 0) ||
        (messages[c.message.at(a)] ?? 0) - (messages[c.message.at(b)] ?? 0) ||
        pass(a) - pass(b) ||
        a - b,
    );
    return Uint32Array.from(kept);
  }
}
