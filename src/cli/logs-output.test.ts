import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, createBatchedWriter } from './logs-output.js';

/** A stdout that takes `room` characters before it reports itself full. */
class FakeOut extends EventEmitter {
  readonly writes: string[] = [];
  constructor(private room: number) {
    super();
  }
  write(chunk: string): boolean {
    this.writes.push(chunk);
    this.room -= chunk.length;
    return this.room > 0;
  }
  drain(room: number): void {
    this.room = room;
    this.emit('drain');
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createBatchedWriter', () => {
  it('should write the lines of one turn in one write', async () => {
    const out = new FakeOut(1e9);
    const writer = createBatchedWriter(out, new AbortController().signal);
    expect(['a\n', 'b\n', 'c\n'].map((l) => writer.write(l))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(out.writes).toEqual([]);
    await turn();
    expect(out.writes).toEqual(['a\nb\nc\n']);
  });

  it('should write at once when a batch is full', () => {
    const out = new FakeOut(1e9);
    const writer = createBatchedWriter(out, new AbortController().signal);
    void writer.write('x'.repeat(BATCH_CHARS));
    expect(out.writes.map((w) => w.length)).toEqual([BATCH_CHARS]);
  });

  it('should make writers wait for one drain when the output is full', async () => {
    const out = new FakeOut(3);
    const writer = createBatchedWriter(out, new AbortController().signal);
    expect(writer.write('abcd\n')).toBeUndefined();
    await turn();
    const first = writer.write('e\n');
    const second = writer.write('f\n');
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    expect(out.listenerCount('drain')).toBe(1);
    out.drain(100);
    await first;
    expect(writer.write('g\n')).toBeUndefined();
    writer.flush();
    expect(out.writes).toEqual(['abcd\n', 'e\nf\ng\n']);
  });

  it('should not miss a drain that comes right after the batch was written', async () => {
    // process.stdout on a pipe writes synchronously and emits 'drain' on the next tick, before
    // any stream writes again.
    const out = new (class extends FakeOut {
      override write(chunk: string): boolean {
        const ok = super.write(chunk);
        if (!ok)
          process.nextTick(() => {
            this.drain(1e9);
          });
        return ok;
      }
    })(3);
    const writer = createBatchedWriter(out, new AbortController().signal);
    expect(writer.write('abcd\n')).toBeUndefined();
    await turn();
    await turn();
    expect(writer.write('e\n')).toBeUndefined();
  });

  it('should release waiting writers when the run stops', async () => {
    const out = new FakeOut(1);
    const controller = new AbortController();
    const writer = createBatchedWriter(out, controller.signal);
    void writer.write('a'.repeat(BATCH_CHARS));
    const waiting = writer.write('b\n');
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(writer.write('c\n')).toBeUndefined();
    expect(out.listenerCount('drain')).toBe(0);
  });
});
