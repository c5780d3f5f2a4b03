// FramedRead.batches() / nextBatch(): the same frames as per-frame reading, in arrays, wherever the
// input is cut; errors in the same place; and the aliasing rule of the frames handed out.
import {
  BytesMut,
  type Decoder,
  FramedRead,
  LengthDelimitedCodec,
  LinesCodec,
  MaxLengthExceededError,
} from '@async/codec';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesOneByOne, concat, cutAt, utf8 } from './helpers';

const RUNS = { numRuns: 150 };
/** More reads than any generated input can need: a reader that never ends fails the test instead. */
const MAX_READS = 10_000;

const chunking = fc.oneof(fc.constant<'bytes'>('bytes'), fc.array(fc.nat({ max: 3000 }), { maxLength: 40 }));
function chunk(wire: Uint8Array, how: 'bytes' | number[]): Uint8Array[] {
  return how === 'bytes' ? bytesOneByOne(wire) : cutAt(wire, how);
}

type Event<T> = { frame: T } | { error: string };

function errorName(e: unknown): string {
  return (e as { code?: string }).code ?? String(e);
}

/** Every frame and error of per-frame reading, going on after errors the reader survives. */
async function perFrame<T>(chunks: Uint8Array[], decoder: Decoder<T>): Promise<Event<T>[]> {
  const reader = new FramedRead(chunks, decoder);
  const out: Event<T>[] = [];
  for (let i = 0; i < MAX_READS; i++) {
    try {
      const r = await reader.next();
      if (r.done) return out;
      out.push({ frame: r.value });
    } catch (e) {
      out.push({ error: errorName(e) });
    }
  }
  throw new Error('the reader did not end');
}

/** The same through `nextBatch()`, flattened; also checks that no batch is empty. */
async function batched<T>(chunks: Uint8Array[], decoder: Decoder<T>): Promise<Event<T>[]> {
  const reader = new FramedRead(chunks, decoder);
  const out: Event<T>[] = [];
  for (let i = 0; i < MAX_READS; i++) {
    try {
      const r = await reader.nextBatch();
      if (r.done) return out;
      expect(r.value.length).toBeGreaterThan(0);
      for (const frame of r.value) out.push({ frame });
    } catch (e) {
      out.push({ error: errorName(e) });
    }
  }
  throw new Error('the reader did not end');
}

/** A line's content: any text without `\n` (lone surrogates excluded: they have no UTF-8), or raw bytes. */
const lineText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\n', ' '));
const line = fc.oneof(
  { weight: 4, arbitrary: lineText.map((s) => utf8(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }).map((b) => b.map((x) => (x === 10 ? 32 : x))) },
);
const ending = fc.constantFrom('\n', '\r\n');

describe('FramedRead.batches', () => {
  test('property: lines in batches are the lines of per-frame reading, errors included, wherever the input is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, ending), { maxLength: 30 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        fc.boolean(),
        chunking,
        async (lines, maxLength, lossy, how) => {
          const wire = concat(lines.flatMap(([l, end]) => [l, utf8(end)]));
          const chunks = chunk(wire, how);
          const expected = await perFrame(chunks, new LinesCodec({ maxLength, lossy }));
          expect(await batched(chunks, new LinesCodec({ maxLength, lossy }))).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  test('property: length-delimited frames in batches are the frames, wherever the input is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        chunking,
        async (frames, how) => {
          const buf = new BytesMut();
          const codec = new LengthDelimitedCodec();
          for (const f of frames) codec.encode(f, buf);
          const chunks = chunk(buf.split(), how);
          const out = await batched(chunks, new LengthDelimitedCodec());
          expect(out).toEqual(frames.map((frame) => ({ frame })));
        },
      ),
      RUNS,
    );
  });

  test('property: next() and nextBatch() may be mixed on one reader, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(lineText, ending), { maxLength: 30 }),
        chunking,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }),
        async (lines, how, picks) => {
          const chunks = chunk(utf8(lines.map(([l, end]) => l + end).join('')), how);
          const reader = new FramedRead(chunks, new LinesCodec());
          const out: string[] = [];
          for (let i = 0; i < MAX_READS; i++) {
            if (picks[i % picks.length]) {
              const r = await reader.nextBatch();
              if (r.done) break;
              out.push(...r.value);
            } else {
              const r = await reader.next();
              if (r.done) break;
              out.push(r.value);
            }
          }
          expect(out).toEqual(lines.map(([l]) => l));
        },
      ),
      RUNS,
    );
  });

  test('each batch holds the frames the chunk read completes; a chunk that completes none is not a batch', async () => {
    const chunks = [utf8('one\ntwo\nthr'), utf8('ee'), utf8('\nfour\n'), utf8('five')];
    const batches: string[][] = [];
    for await (const b of new FramedRead(chunks, new LinesCodec()).batches()) batches.push(b);
    expect(batches).toEqual([['one', 'two'], ['three', 'four'], ['five']]);
  });

  test('an empty input gives no batch', async () => {
    const batches: string[][] = [];
    for await (const b of new FramedRead([], new LinesCodec()).batches()) batches.push(b);
    expect(batches).toEqual([]);
  });

  test('a decoder error after some frames ends the batch; the error comes from the next read, then reading goes on', async () => {
    const reader = new FramedRead([utf8('ok\nfar too long\nnext\n')], new LinesCodec({ maxLength: 4 }));
    expect(await reader.nextBatch()).toEqual({ value: ['ok'], done: false });
    await expect(reader.nextBatch()).rejects.toBeInstanceOf(MaxLengthExceededError);
    expect(await reader.nextBatch()).toEqual({ value: ['next'], done: false });
    expect(await reader.nextBatch()).toEqual({ value: undefined, done: true });
  });

  test('a deferred error is reported by next() too, and dropped by return()', async () => {
    const reader = new FramedRead([utf8('ok\nfar too long\nnext\n')], new LinesCodec({ maxLength: 4 }));
    expect((await reader.nextBatch()).value).toEqual(['ok']);
    await expect(reader.next()).rejects.toBeInstanceOf(MaxLengthExceededError);
    const again = new FramedRead([utf8('ok\nfar too long\n')], new LinesCodec({ maxLength: 4 }));
    expect((await again.nextBatch()).value).toEqual(['ok']);
    await again.return();
    expect(await again.nextBatch()).toEqual({ value: undefined, done: true });
  });

  test('leaving a for await over batches cancels the source', async () => {
    let cancelled = false;
    async function* source() {
      try {
        yield utf8('a\nb\n');
        yield utf8('c\n');
      } finally {
        cancelled = true;
      }
    }
    for await (const b of new FramedRead(source(), new LinesCodec()).batches()) {
      expect(b).toEqual(['a', 'b']);
      break;
    }
    expect(cancelled).toBe(true);
  });

  test('aborting the signal rejects a waiting nextBatch() with the reason', async () => {
    const controller = new AbortController();
    const reader = new FramedRead(
      {
        [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }),
      },
      new LinesCodec(),
      { signal: controller.signal },
    );
    const pending = reader.nextBatch();
    controller.abort('stop');
    await expect(pending).rejects.toBe('stop');
  });

  test("the last line without '\\n' comes in the last batch", async () => {
    const batches: string[][] = [];
    for await (const b of new FramedRead([utf8('a\nb')], new LinesCodec()).batches()) batches.push(b);
    expect(batches).toEqual([['a'], ['b']]);
  });
});

describe('aliasing of the frames handed out', () => {
  test('a frame stays valid after later reads: views of input chunks, or copies never written again', async () => {
    // Frames of every kind: inside one large chunk (a view of it), in small chunks (copied into the
    // buffer's block), across chunks (copied out). Each frame's bytes are its index, repeated.
    const frames = Array.from({ length: 300 }, (_, i) => new Uint8Array(1 + ((i * 37) % 200)).fill(i & 255));
    const buf = new BytesMut();
    const codec = new LengthDelimitedCodec();
    for (const f of frames) codec.encode(f, buf);
    const wire = buf.split();
    const chunks = cutAt(
      wire,
      Array.from({ length: 120 }, (_, i) => (i * i * 13) % wire.length),
    );
    const kept: Uint8Array[] = [];
    for await (const batch of new FramedRead(chunks, new LengthDelimitedCodec()).batches())
      kept.push(...batch);
    expect(kept).toEqual(frames);
  });

  test('a frame inside one large chunk is a view of it (zero-copy); with copyInput it is not', async () => {
    const buf = new BytesMut();
    new LengthDelimitedCodec().encode(new Uint8Array(100).fill(7), buf);
    const chunk = buf.split().slice();
    const [view] = (await new FramedRead([chunk], new LengthDelimitedCodec()).nextBatch()).value!;
    expect(view!.buffer).toBe(chunk.buffer);
    const reader = new FramedRead([chunk], new LengthDelimitedCodec(), { copyInput: true });
    const [copy] = (await reader.nextBatch()).value!;
    expect(copy!.buffer).not.toBe(chunk.buffer);
    chunk.fill(0); // a source that reuses its buffer: only copyInput protects the frames
    expect(copy).toEqual(new Uint8Array(100).fill(7));
    expect(view).toEqual(new Uint8Array(100));
  });
});
