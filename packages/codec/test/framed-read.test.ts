import {
  BytesCodec,
  type Decoder,
  FramedRead,
  LengthDelimitedCodec,
  LinesCodec,
  MaxLengthExceededError,
  TruncatedFrameError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';
import { utf8 } from './helpers';

function stream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

describe('FramedRead', () => {
  test('reads from a Web ReadableStream, an async iterable and a plain iterable', async () => {
    const chunks = () => [utf8('a\nb'), utf8('\nc')];
    async function* gen() {
      yield* chunks();
    }
    for (const source of [stream(chunks()), gen(), chunks()]) {
      const lines: string[] = [];
      for await (const l of new FramedRead(source, new LinesCodec())) lines.push(l);
      expect(lines).toEqual(['a', 'b', 'c']);
    }
  });

  test('reads lazily: no chunk is pulled before a frame is asked for, and only as many as needed', async () => {
    let pulled = 0;
    function* source() {
      for (const c of [utf8('a\n'), utf8('b\n'), utf8('c\n')]) {
        pulled++;
        yield c;
      }
    }
    const reader = new FramedRead(source(), new LinesCodec());
    expect(pulled).toBe(0);
    expect((await reader.next()).value).toBe('a');
    expect(pulled).toBe(1);
  });

  test("at EOF the default decodeEof is tokio's: leftover bytes are an error", async () => {
    const decoder: Decoder<number> = {
      decode: (buf) => (buf.length >= 2 ? buf.splitTo(2)[0] : undefined),
    };
    const reader = new FramedRead([new Uint8Array([1, 0, 2])], decoder);
    expect((await reader.next()).value).toBe(1);
    await expect(reader.next()).rejects.toThrow(TruncatedFrameError);
    expect((await reader.next()).done).toBe(true);
  });

  test('a decoder error rejects next(); iterating again continues after the bad frame', async () => {
    const reader = new FramedRead([utf8('ok\nfar too long\nnext\n')], new LinesCodec({ maxLength: 5 }));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const l of reader) seen.push(l);
      })(),
    ).rejects.toThrow(MaxLengthExceededError);
    for await (const l of reader) seen.push(l);
    expect(seen).toEqual(['ok', 'next']);
  });

  test('a source error ends the FramedRead with that error', async () => {
    async function* failing() {
      yield utf8('a\n');
      throw new Error('connection reset');
    }
    const reader = new FramedRead(failing(), new LinesCodec());
    expect((await reader.next()).value).toBe('a');
    await expect(reader.next()).rejects.toThrow('connection reset');
    expect((await reader.next()).done).toBe(true);
  });

  test('break cancels the source (return() runs upstream)', async () => {
    let finished = false;
    async function* source() {
      try {
        for (;;) yield utf8('x\n');
      } finally {
        finished = true;
      }
    }
    for await (const _ of new FramedRead(source(), new LinesCodec())) break;
    expect(finished).toBe(true);
  });

  test('break cancels a ReadableStream', async () => {
    let cancelled = false;
    const rs = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(utf8('x\n')),
      cancel: () => {
        cancelled = true;
      },
    });
    for await (const _ of new FramedRead(rs, new LinesCodec())) break;
    expect(cancelled).toBe(true);
  });

  test('abort signal: a waiting next() rejects with the reason and the source is cancelled', async () => {
    let cancelled = false;
    const rs = new ReadableStream<Uint8Array>({
      cancel: () => {
        cancelled = true;
      },
    });
    const ac = new AbortController();
    const reader = new FramedRead(rs, new LinesCodec(), { signal: ac.signal });
    const pending = reader.next();
    ac.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(cancelled).toBe(true);
    expect((await reader.next()).done).toBe(true);
  });

  test('concurrent next() calls are served in order', async () => {
    async function* slow() {
      for (const c of ['a\n', 'b\n', 'c\n']) {
        await Promise.resolve();
        yield utf8(c);
      }
    }
    const reader = new FramedRead(slow(), new LinesCodec());
    const results = await Promise.all([reader.next(), reader.next(), reader.next(), reader.next()]);
    expect(results.map((r) => r.value)).toEqual(['a', 'b', 'c', undefined]);
  });

  test('the decoder can be swapped between frames (a text header, then binary frames)', async () => {
    const wire = new Uint8Array([...utf8('HELLO v1\n'), 0, 0, 0, 2, 7, 8, 0, 0, 0, 1, 9]);
    const reader = new FramedRead<string | Uint8Array>(
      [wire.subarray(0, 4), wire.subarray(4)],
      new LinesCodec(),
    );
    expect((await reader.next()).value).toBe('HELLO v1');
    reader.decoder = new LengthDelimitedCodec();
    const frames: unknown[] = [];
    for await (const f of reader) frames.push(f);
    expect(frames).toEqual([new Uint8Array([7, 8]), new Uint8Array([9])]);
  });

  test('copyInput copies chunks so frames never alias input memory', async () => {
    const chunk = new Uint8Array(1024).fill(1);
    const [frame] = await (async () => {
      const out: Uint8Array[] = [];
      for await (const f of new FramedRead([chunk], new BytesCodec(), { copyInput: true })) out.push(f);
      return out;
    })();
    expect(frame!.buffer).not.toBe(chunk.buffer);
    expect(frame!.length).toBe(1024);
  });
});
