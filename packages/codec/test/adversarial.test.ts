// Hostile input: lengths that claim gigabytes, lines that never end, floods of empty frames, chunks
// that are not bytes, arguments of the wrong type, and inputs whose cost could grow faster than their
// size. "Memory stays bounded" is measured on the read buffer (what the codec holds) and, after gc, on
// a child process; a case that could hang synchronously runs in a child process with a time limit.
import {
  AnyDelimiterCodec,
  BytesMut,
  type Decoder,
  FramedRead,
  FrameTooBigError,
  LengthDelimitedCodec,
  LinesCodec,
  MaxLengthExceededError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';
import { cutAt } from './helpers';

const MiB = 2 ** 20;

/** Chunk sizes of every class the buffer treats apart: copied (< 64 B), adopted, above the 16 KiB copy limit, above a 64 KiB block. */
const SIZE_CLASSES = [1, 7, 63, 64, 100, 4096, 16 * 1024 + 1, 64 * 1024 + 3];

/** Cuts `bytes` into chunks of `size` bytes. */
function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const cuts: number[] = [];
  for (let at = size; at < bytes.length; at += size) cuts.push(at);
  return cutAt(bytes, cuts);
}

async function readAll<T>(chunks: Iterable<Uint8Array>, decoder: Decoder<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const f of new FramedRead(chunks, decoder)) out.push(f);
  return out;
}

/** CPU time of this process in ms: unlike wall-clock time, it does not grow while other processes run. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A buffer that counts the bytes `indexOf` looks at: from `from` to the byte found, or to the end. */
function countingBuffer(): { buf: BytesMut; examined: () => number } {
  const buf = new BytesMut();
  const indexOf = buf.indexOf.bind(buf);
  let examined = 0;
  buf.indexOf = (byte: number, from = 0) => {
    const i = indexOf(byte, from);
    examined += (i < 0 ? buf.length : i + 1) - from;
    return i;
  };
  return { buf, examined: () => examined };
}

describe('cost grows with the input, not faster', () => {
  test('BytesMut: a search near the end costs the same however many chunks are buffered before it', () => {
    // Finding where offset `from` lies by walking the buffered chunks from the front made each search
    // cost one step per chunk: quadratic for a decoder that searches again after every chunk.
    const chunk = new Uint8Array(100).fill(0x78);
    const searchesAtDepth = (chunks: number) => {
      const buf = new BytesMut();
      for (let i = 0; i < chunks; i++) buf.append(chunk);
      const t = cpuMs();
      for (let i = 0; i < 20_000; i++) {
        if (buf.indexOf(0x0a, buf.length - 50) !== -1 || buf.at(buf.length - 1) !== 0x78)
          throw new Error('wrong');
      }
      return cpuMs() - t;
    };
    searchesAtDepth(2_000);
    let shallow = Number.POSITIVE_INFINITY;
    let deep = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      shallow = Math.min(shallow, searchesAtDepth(2_000));
      deep = Math.min(deep, searchesAtDepth(8_000));
    }
    expect(deep / Math.max(shallow, 0.5)).toBeLessThan(2.5);
  });

  for (const [name, codec, end] of [
    ['LinesCodec', () => new LinesCodec(), [13, 10]],
    ['AnyDelimiterCodec', () => new AnyDelimiterCodec(), [0x3b]],
  ] as const) {
    test(`${name}: a long line in chunks of every size class is searched once, not once per chunk`, () => {
      for (const size of SIZE_CLASSES) {
        const { buf, examined } = countingBuffer();
        const decoder = codec();
        const n = Math.min(256 * size, 4 * MiB);
        const bytes = new Uint8Array(n + end.length).fill(0x78);
        bytes.set(end, n);
        let line: string | undefined;
        for (const c of chunksOf(bytes, size)) {
          buf.append(c);
          line ??= decoder.decode(buf);
        }
        expect(line?.length).toBe(n);
        expect(examined()).toBeLessThanOrEqual(4 * bytes.length);
      }
    });
  }

  test('many short lines in one buffer: each byte is searched a bounded number of times', () => {
    for (const chunkSize of [100, 64 * 1024]) {
      const { buf, examined } = countingBuffer();
      const codec = new LinesCodec();
      const bytes = new TextEncoder().encode('ab\r\n'.repeat(64 * 1024));
      let lines = 0;
      for (const c of chunksOf(bytes, chunkSize)) {
        buf.append(c);
        while (codec.decode(buf) !== undefined) lines++;
      }
      expect(lines).toBe(64 * 1024);
      expect(examined()).toBeLessThanOrEqual(2 * bytes.length);
    }
  });

  test('AnyDelimiterCodec with a delimiter that never comes: each byte is searched once per delimiter', () => {
    // Commas end every chunk; ';', '\n' and '\r' never come, so a search that starts again from the
    // front for each of them on every call reads the whole buffer per chunk: quadratic.
    for (const chunkSize of [100, 64 * 1024]) {
      const { buf, examined } = countingBuffer();
      const codec = new AnyDelimiterCodec();
      const bytes = new TextEncoder().encode('ab,'.repeat(64 * 1024));
      let parts = 0;
      for (const c of chunksOf(bytes, chunkSize)) {
        buf.append(c);
        while (codec.decode(buf) !== undefined) parts++;
      }
      expect(parts).toBe(64 * 1024);
      expect(examined()).toBeLessThanOrEqual(4 * 2 * bytes.length);
    }
  });

  test('a \r\n split across chunks of every size class, around lines of every length class', async () => {
    for (const size of SIZE_CLASSES) {
      for (const n of [0, size - 1, size, 2 * size - 1, 3 * size]) {
        // The \r is the last byte of a chunk and the \n the first of the next whenever n + 1 is a multiple of size.
        const text = `${'x'.repeat(n)}\r\nnext\r\n`;
        const chunks = chunksOf(new TextEncoder().encode(text), size);
        expect(await readAll(chunks, new LinesCodec())).toEqual(['x'.repeat(n), 'next']);
        expect(await readAll(chunks, new AnyDelimiterCodec({ seekDelimiters: '\n' }))).toEqual([
          `${'x'.repeat(n)}\r`,
          'next\r',
        ]);
      }
    }
  });
});

describe('adversarial input', () => {
  test('a 4 GiB declared length fails from the header alone, before any payload is buffered', async () => {
    let pulled = 0;
    const payload = new Uint8Array(64 * 1024);
    function* source() {
      pulled++;
      yield new Uint8Array([0xff, 0xff, 0xff, 0xff]); // 4 GiB - 1
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield payload;
      }
    }
    const reader = new FramedRead(source(), new LengthDelimitedCodec());
    const err = await reader.next().catch((e: unknown) => e);
    expect(FrameTooBigError.is(err)).toBe(true);
    expect((err as FrameTooBigError).length).toBe(2 ** 32 - 1);
    expect((err as Error).message).toBe(
      'frame size too big: declared length 4294967295 exceeds the maximum of 8388608 bytes',
    );
    expect(pulled).toBe(1);
    expect(reader.readBuffer.length).toBe(4);
  });

  test('an 8-byte length field declaring 4 GiB, under a huge limit: nothing is allocated up front', async () => {
    const codec = new LengthDelimitedCodec({ lengthFieldLength: 8, maxFrameLength: 2 ** 40 });
    const header = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]); // 2^32
    const chunk = new Uint8Array(64 * 1024);
    let maxBuffered = 0;
    const reader = new FramedRead<Uint8Array>([], codec);
    // Feed 16 MiB of the claimed 4 GiB by hand: the buffer holds what arrived, no more.
    reader.readBuffer.put(header);
    expect(codec.decode(reader.readBuffer)).toBeUndefined();
    for (let i = 0; i < 256; i++) {
      reader.readBuffer.append(chunk);
      expect(codec.decode(reader.readBuffer)).toBeUndefined();
      maxBuffered = Math.max(maxBuffered, reader.readBuffer.length);
    }
    expect(maxBuffered).toBe(16 * MiB);
  });

  test('an endless line: one error, then the read buffer stays under maxLength + one chunk', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x78); // 'x', reused: the source itself allocates nothing
    const codec = new LinesCodec({ maxLength: 1024 });
    let reader: FramedRead<string> | undefined;
    let maxBuffered = 0;
    const before = process.memoryUsage();
    function* source() {
      for (let i = 0; i < 2048; i++) {
        // 128 MiB in all
        maxBuffered = Math.max(maxBuffered, reader!.readBuffer.length);
        yield chunk;
      }
      yield new TextEncoder().encode('\nafter\n');
    }
    reader = new FramedRead(source(), codec);
    const seen: string[] = [];
    for (;;) {
      try {
        for await (const line of reader) seen.push(line);
        break;
      } catch (e) {
        expect(MaxLengthExceededError.is(e)).toBe(true);
        seen.push('error');
      }
    }
    const after = process.memoryUsage();
    expect(seen).toEqual(['error', 'after']);
    expect(maxBuffered).toBeLessThanOrEqual(64 * 1024 + 1024);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(16 * MiB);
  });

  test('a million empty length-delimited frames decode one by one with a bounded buffer', async () => {
    const chunk = new Uint8Array(64 * 1024); // 16,384 empty frames per chunk
    let reader: FramedRead<Uint8Array> | undefined;
    let maxBuffered = 0;
    function* source() {
      const full = Math.floor(1_000_000 / 16_384);
      for (let i = 0; i < full; i++) {
        maxBuffered = Math.max(maxBuffered, reader!.readBuffer.length);
        yield chunk;
      }
      yield new Uint8Array(4 * (1_000_000 - full * 16_384));
    }
    reader = new FramedRead(source(), new LengthDelimitedCodec());
    let frames = 0;
    for await (const f of reader) {
      if (f.length !== 0) throw new Error('not empty');
      frames++;
    }
    expect(frames).toBe(1_000_000);
    expect(maxBuffered).toBeLessThanOrEqual(64 * 1024);
    expect(reader.readBuffer.length).toBe(0);
  });

  test('a million empty lines', async () => {
    const chunk = new Uint8Array(1_000_000).fill(0x0a);
    let n = 0;
    for await (const line of new FramedRead([chunk], new LinesCodec())) if (line === '') n++;
    expect(n).toBe(1_000_000);
  });
});
