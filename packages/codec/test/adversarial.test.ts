// Hostile input: lengths that claim gigabytes, lines that never end, floods of empty frames, chunks
// that are not bytes, arguments of the wrong type, and inputs whose cost could grow faster than their
// size. "Memory stays bounded" is measured on the read buffer (what the codec holds) and, after gc, on
// a child process; a case that could hang synchronously runs in a child process with a time limit.
import {
  AnyDelimiterCodec,
  BytesMut,
  type Decoder,
  Framed,
  FramedRead,
  FramedWrite,
  FrameTooBigError,
  JsonCodec,
  LengthDelimitedCodec,
  LinesCodec,
  MaxLengthExceededError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';
import { runChild } from './child';
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

describe('edges of length-delimited framing', () => {
  test('empty input, an empty frame, exactly maxFrameLength, and one more', async () => {
    expect(await readAll([], new LengthDelimitedCodec())).toEqual([]);
    expect(await readAll([new Uint8Array(4)], new LengthDelimitedCodec())).toEqual([new Uint8Array(0)]);
    const max = 1000;
    const exact = new Uint8Array(4 + max);
    exact.set([0, 0, 0x03, 0xe8]); // 1000
    expect((await readAll([exact], new LengthDelimitedCodec({ maxFrameLength: max })))[0]!.length).toBe(max);
    const over = new Uint8Array([0, 0, 0x03, 0xe9]); // 1001
    await expect(readAll([over], new LengthDelimitedCodec({ maxFrameLength: max }))).rejects.toThrow(
      FrameTooBigError,
    );
  });

  test('frames that fill chunks exactly, and headers split across chunks, at every size class', async () => {
    for (const size of SIZE_CLASSES) {
      for (const payload of [0, 1, Math.max(0, size - 4), size, Math.max(0, 2 * size - 4)]) {
        // Six frames of `payload` bytes: with payload = size - 4, each frame is exactly one chunk.
        const frame = new Uint8Array(4 + payload).fill(payload % 251);
        new DataView(frame.buffer).setUint32(0, payload);
        const wire = new Uint8Array(6 * frame.length);
        for (let i = 0; i < 6; i++) wire.set(frame, i * frame.length);
        for (const shift of [0, 2]) {
          // shift 2 cuts every header in two when frames fill chunks exactly.
          const chunks =
            shift === 0
              ? chunksOf(wire, size)
              : [wire.subarray(0, shift), ...chunksOf(wire.subarray(shift), size)];
          const frames = await readAll(chunks, new LengthDelimitedCodec());
          expect(frames.length).toBe(6);
          const payloadOk = (f: Uint8Array) => f.length === payload && f.every((x) => x === payload % 251);
          expect(frames.every(payloadOk)).toBe(true);
        }
      }
    }
  });
});

describe('chunks and arguments from other code', () => {
  test('chunks of every byte type are read as bytes, without a copy; anything else ends the reader with a TypeError', async () => {
    // Before: an ArrayBuffer, a DataView or a number made next() loop synchronously forever.
    const { stdout, timedOut } = await runChild(`
      import { BytesCodec, FramedRead, LinesCodec } from '@async/codec';
      const text = (s) => new TextEncoder().encode(s);
      async function lines(chunks) {
        const out = [];
        try {
          for await (const l of new FramedRead(chunks, new LinesCodec())) out.push(l);
        } catch (e) {
          out.push(e.name + ': ' + e.message);
        }
        return JSON.stringify(out);
      }
      console.log(await lines([text('a\\nb').buffer]));
      console.log(await lines([new DataView(text('xxc\\nd\\n').buffer, 2, 3), text('e\\n')]));
      console.log(await lines([new Uint16Array(text('fg\\nh').buffer), new SharedArrayBuffer(0)]));
      const floats = new Float64Array(16).fill(1);
      const [frame] = await new FramedRead([floats], new BytesCodec()).next().then((r) => [r.value]);
      console.log(frame.buffer === floats.buffer, frame.length);
      console.log(await lines([text('ok\\n'), 42, text('never\\n')]));
      console.log(await lines(['a string\\n']));
      console.log(await lines([null]));
      let cancelled = false;
      function* source() {
        try { yield text('x\\n'); yield {}; yield text('y\\n'); } finally { cancelled = true; }
      }
      const reader = new FramedRead(source(), new LinesCodec());
      console.log((await reader.next()).value, await reader.next().catch((e) => e.name), cancelled, (await reader.next()).done);
    `);
    expect(timedOut).toBe(false);
    const bytesRule =
      'a chunk of the source must be bytes (a Uint8Array, another ArrayBufferView or an ArrayBuffer), got';
    expect(stdout.split('\n')).toEqual([
      '["a","b"]',
      '["c","de"]',
      '["fg","h"]',
      'true 128',
      `["ok","TypeError: ${bytesRule} 42 (number)"]`,
      `["TypeError: ${bytesRule} \\"a string\\\\n\\" (string)"]`,
      `["TypeError: ${bytesRule} null"]`,
      'x TypeError true true',
    ]);
  });

  test('BytesMut: NaN, undefined, fractions and strings are refused at the call, and the buffer stays whole', async () => {
    // Before: advance(NaN | undefined) and splitTo(NaN | undefined) looped forever, at(NaN) too,
    // advance(1.5) corrupted the length, and putUint(1, '5') was accepted.
    const { stdout, timedOut } = await runChild(`
      import { BytesMut } from '@async/codec';
      const buf = new BytesMut();
      buf.put(new Uint8Array(10));
      const calls = {
        'advance(NaN)': () => buf.advance(NaN),
        'advance(undefined)': () => buf.advance(undefined),
        'advance(1.5)': () => buf.advance(1.5),
        'advance("1")': () => buf.advance('1'),
        'advance(11)': () => buf.advance(11),
        'splitTo(NaN)': () => buf.splitTo(NaN),
        'splitTo(undefined)': () => buf.splitTo(undefined),
        'splitTo(-1)': () => buf.splitTo(-1),
        'at(NaN)': () => buf.at(NaN),
        'at("1")': () => buf.at('1'),
        'indexOf(256)': () => buf.indexOf(256),
        'indexOf(0, NaN)': () => buf.indexOf(0, NaN),
        'getUint(NaN, 4)': () => buf.getUint(NaN, 4),
        'getUint(0, 9)': () => buf.getUint(0, 9),
        'getUint(0, 4, 1)': () => buf.getUint(0, 4, 1),
        'slice(0, NaN)': () => buf.slice(0, NaN),
        'putUint(1, "5")': () => buf.putUint(1, '5'),
        'putUint("1", 4)': () => buf.putUint('1', 4),
        'putUint8(256)': () => buf.putUint8(256),
        'putUint8(0.5)': () => buf.putUint8(0.5),
        'putString(5)': () => buf.putString(5),
        'put("ab")': () => buf.put('ab'),
        'append([1, 2])': () => buf.append([1, 2]),
      };
      for (const [call, f] of Object.entries(calls)) {
        try {
          f();
          console.log(call, 'accepted');
        } catch (e) {
          console.log(call, e.name + ': ' + e.message);
        }
      }
      console.log('length', buf.length, 'consumed', buf.consumed);
    `);
    expect(timedOut).toBe(false);
    expect(stdout.split('\n')).toEqual([
      'advance(NaN) RangeError: count must be an integer >= 0, got NaN (number)',
      'advance(undefined) TypeError: count must be an integer, got undefined',
      'advance(1.5) RangeError: count must be an integer >= 0, got 1.5 (number)',
      'advance("1") TypeError: count must be an integer, got "1" (string)',
      'advance(11) RangeError: cannot advance 11 bytes, 10 buffered',
      'splitTo(NaN) RangeError: count must be an integer >= 0, got NaN (number)',
      'splitTo(undefined) TypeError: count must be an integer, got undefined',
      'splitTo(-1) RangeError: count must be an integer >= 0, got -1 (number)',
      'at(NaN) RangeError: index must be an integer >= 0, got NaN (number)',
      'at("1") TypeError: index must be an integer, got "1" (string)',
      'indexOf(256) RangeError: byte must be an integer from 0 to 255, got 256 (number)',
      'indexOf(0, NaN) RangeError: from must be an integer >= 0, got NaN (number)',
      'getUint(NaN, 4) RangeError: offset must be an integer >= 0, got NaN (number)',
      'getUint(0, 9) RangeError: size must be an integer from 1 to 8, got 9 (number)',
      'getUint(0, 4, 1) TypeError: littleEndian must be a boolean, got 1 (number)',
      'slice(0, NaN) RangeError: end must be an integer >= 0, got NaN (number)',
      'putUint(1, "5") TypeError: size must be an integer, got "5" (string)',
      'putUint("1", 4) TypeError: value must be an integer, got "1" (string)',
      'putUint8(256) RangeError: value must be an integer from 0 to 255, got 256 (number)',
      'putUint8(0.5) RangeError: value must be an integer from 0 to 255, got 0.5 (number)',
      'putString(5) TypeError: text must be a string, got 5 (number)',
      'put("ab") TypeError: bytes must be bytes (a Uint8Array, another ArrayBufferView or an ArrayBuffer), got "ab" (string)',
      'append([1, 2]) TypeError: chunk must be bytes (a Uint8Array, another ArrayBufferView or an ArrayBuffer), got an array',
      'length 10 consumed 0',
    ]);
  });

  test('decoders that would yield frames forever: one error, then the reader ends', async () => {
    // Before: the README's own LengthDelimitedCodec configuration yielded empty frames forever from
    // a zero length, and a decoder returning frames without consuming input did too.
    const { stdout, timedOut } = await runChild(`
      import { FramedRead, LengthDelimitedCodec } from '@async/codec';
      async function frames(chunks, decoder) {
        const out = [];
        const reader = new FramedRead(chunks, decoder);
        for (let i = 0; i < 5; i++) {
          try {
            const r = await reader.next();
            out.push(r.done ? 'done' : String(r.value instanceof Uint8Array ? Array.from(r.value) : r.value));
          } catch (e) {
            out.push(e.name + ': ' + e.message);
          }
        }
        return out.join(' | ');
      }
      const wholeFrame = { lengthFieldLength: 2, littleEndian: true, numSkip: 0 };
      console.log(await frames([new Uint8Array([3, 0, 7, 0, 0])], new LengthDelimitedCodec(wholeFrame)));
      const stuck = { decode: (buf) => (buf.length > 0 ? buf.at(0) : undefined) };
      console.log(await frames([new Uint8Array([1, 2])], stuck));
    `);
    expect(timedOut).toBe(false);
    expect(stdout.split('\n')).toEqual([
      '3,0,7 | InvalidFrameError: a frame of 0 bytes after skipping 0 ends inside its own length field (bytes 0 to 2): it would be decoded again and again | done | done | done',
      'TypeError: the decoder returned a frame without consuming any input since the previous frame; such a frame would be decoded again and again | done | done | done | done',
    ]);
  });
});

describe('errors that would repeat forever end the reader', () => {
  test('after FrameTooBigError the reader ends, and the source is cancelled', async () => {
    // Before: every next() threw the same error again, forever.
    let cancelled = false;
    function* source() {
      try {
        yield new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
        yield new Uint8Array([0, 0, 0, 1, 9]);
      } finally {
        cancelled = true;
      }
    }
    const reader = new FramedRead(source(), new LengthDelimitedCodec());
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(
        await reader.next().then(
          (r) => (r.done ? 'done' : 'frame'),
          (e: unknown) => (FrameTooBigError.is(e) ? 'too big' : String(e)),
        ),
      );
    }
    expect(seen).toEqual(['too big', 'done', 'done', 'done']);
    expect(cancelled).toBe(true);
  });

  test('an error after which the decoder consumed input does not end the reader (it resynchronised)', async () => {
    const reader = new FramedRead(
      [new TextEncoder().encode('too long\nok\n')],
      new LinesCodec({ maxLength: 4 }),
    );
    await expect(reader.next()).rejects.toThrow(MaxLengthExceededError);
    expect((await reader.next()).value).toBe('ok');
  });
});

describe("FramedRead follows tokio-util's read loop", () => {
  test('it reads before it decodes: no decode of an empty buffer before the first chunk', async () => {
    // Before: next() called decode on the empty buffer first.
    const calls: string[] = [];
    const decoder: Decoder<number> = {
      decode(buf) {
        calls.push(`decode ${buf.length}`);
        return buf.length > 0 ? buf.splitTo(1)[0] : undefined;
      },
      decodeEof(buf) {
        calls.push(`decodeEof ${buf.length}`);
        return buf.length > 0 ? buf.splitTo(1)[0] : undefined;
      },
    };
    const got: number[] = [];
    for await (const b of new FramedRead(
      [new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3])],
      decoder,
    ))
      got.push(b);
    expect(got).toEqual([1, 2, 3]);
    // After the end of the input only decodeEof is called, until it returns undefined; an empty chunk
    // gives the decoder nothing new, so it is not called for it.
    expect(calls).toEqual(['decode 2', 'decode 1', 'decode 0', 'decode 1', 'decode 0', 'decodeEof 0']);
  });
});

describe('options and arguments of the wrong type fail at construction, naming them', () => {
  const sink = { write() {} };
  const throws = (make: () => unknown) => {
    try {
      make();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
    return 'accepted';
  };
  // `as never`: the types already refuse these; JavaScript callers and `any` do not.
  test.each([
    [
      'TypeError: seekDelimiters must be a string or a Uint8Array, got 44 (number)',
      () => new AnyDelimiterCodec({ seekDelimiters: 44 as never }),
    ],
    [
      'RangeError: seekDelimiters must hold at least one byte, got "" (string)',
      () => new AnyDelimiterCodec({ seekDelimiters: '' }),
    ],
    [
      'RangeError: seekDelimiters must be ASCII when given as a string (each byte is a delimiter), got "é" (string)',
      () => new AnyDelimiterCodec({ seekDelimiters: 'é' }),
    ],
    [
      'TypeError: sequenceWriter must be a string or a Uint8Array, got null',
      () => new AnyDelimiterCodec({ sequenceWriter: null as never }),
    ],
    [
      'TypeError: maxLength must be a number, got "5" (string)',
      () => new AnyDelimiterCodec({ maxLength: '5' as never }),
    ],
    [
      'TypeError: lossy must be a boolean, got 0 (number)',
      () => new AnyDelimiterCodec({ lossy: 0 as never }),
    ],
    [
      "TypeError: AnyDelimiterCodec options has an unknown option 'delimiters' (accepted: seekDelimiters, sequenceWriter, maxLength, lossy)",
      () => new AnyDelimiterCodec({ delimiters: ',' } as never),
    ],
    [
      'TypeError: lengthFieldLength must be an integer, got "4" (string)',
      () => new LengthDelimitedCodec({ lengthFieldLength: '4' as never }),
    ],
    [
      'TypeError: littleEndian must be a boolean, got 1 (number)',
      () => new LengthDelimitedCodec({ littleEndian: 1 as never }),
    ],
    [
      'TypeError: lengthAdjustment must be an integer, got null',
      () => new LengthDelimitedCodec({ lengthAdjustment: null as never }),
    ],
    [
      'RangeError: maxFrameLength must be an integer >= 0, got Infinity (number)',
      () => new LengthDelimitedCodec({ maxFrameLength: Number.POSITIVE_INFINITY }),
    ],
    [
      "TypeError: LengthDelimitedCodec options has an unknown option 'lengthFieldSize' (accepted: lengthFieldOffset, lengthFieldLength, littleEndian, lengthAdjustment, numSkip, maxFrameLength)",
      () => new LengthDelimitedCodec({ lengthFieldSize: 2 } as never),
    ],
    [
      'TypeError: validate must be a function, got "strict" (string)',
      () => new JsonCodec({ validate: 'strict' as never }),
    ],
    [
      "TypeError: JsonCodec options has an unknown option 'maxLength' (accepted: lengthFieldOffset, lengthFieldLength, littleEndian, lengthAdjustment, numSkip, maxFrameLength, validate)",
      () => new JsonCodec({ maxLength: 5 } as never),
    ],
    [
      'TypeError: source must be an AsyncIterable, an Iterable or a ReadableStream of byte chunks, got undefined',
      () => new FramedRead(undefined as never, new LinesCodec()),
    ],
    [
      'TypeError: source must be an AsyncIterable, an Iterable or a ReadableStream of byte chunks, got "a\\nb\\n" (string)',
      () => new FramedRead('a\nb\n' as never, new LinesCodec()),
    ],
    [
      'TypeError: source must be an iterable of byte chunks, not the bytes themselves (pass [bytes] for one chunk), got an instance of Uint8Array',
      () => new FramedRead(new Uint8Array(4) as never, new LinesCodec()),
    ],
    [
      'TypeError: decoder must be a Decoder (an object with a decode method), got an object',
      () => new FramedRead([], {} as never),
    ],
    [
      'TypeError: copyInput must be a boolean, got "yes" (string)',
      () => new FramedRead([], new LinesCodec(), { copyInput: 'yes' as never }),
    ],
    [
      'TypeError: signal must be an AbortSignal, got an object',
      () => new FramedRead([], new LinesCodec(), { signal: {} as never }),
    ],
    [
      "TypeError: FramedRead options has an unknown option 'backpressureBoundary' (accepted: copyInput, signal)",
      () => new FramedRead([], new LinesCodec(), { backpressureBoundary: 1 } as never),
    ],
    [
      'TypeError: backpressureBoundary must be a number, got null',
      () => new FramedWrite(sink, new LinesCodec(), { backpressureBoundary: null as never }),
    ],
    [
      "TypeError: FramedWrite options has an unknown option 'highWaterMark' (accepted: backpressureBoundary)",
      () => new FramedWrite(sink, new LinesCodec(), { highWaterMark: 1 } as never),
    ],
    [
      'TypeError: sink must be a WritableStream or an object with a write method, got an object',
      () => new FramedWrite({} as never, new LinesCodec()),
    ],
    [
      'TypeError: encoder must be an Encoder (an object with an encode method), got undefined',
      () => new FramedWrite(sink, undefined as never),
    ],
    [
      "TypeError: Framed options has an unknown option 'copyinput' (accepted: copyInput, signal, backpressureBoundary)",
      () => new Framed({ readable: [], writable: sink }, new LinesCodec(), { copyinput: true } as never),
    ],
    [
      'TypeError: io must be a { readable, writable } pair, got undefined',
      () => new Framed(undefined as never, new LinesCodec()),
    ],
  ])('%s', (message, make) => {
    expect(throws(make)).toBe(message);
  });

  test('a LengthDelimitedCodec configuration in which no frame can cover its own length field is refused', () => {
    // A frame ends numSkip + (length + lengthAdjustment) bytes after its start; if that can never
    // reach past the length field, every header would be read again as the next one.
    expect(
      throws(() => new LengthDelimitedCodec({ lengthFieldLength: 2, numSkip: 0, maxFrameLength: 1 })),
    ).toBe(
      'RangeError: with numSkip 0, lengthAdjustment 0 and maxFrameLength 1, no frame can reach past its length field (bytes 0 to 2): every header would be read again as the next one',
    );
    expect(throws(() => new LengthDelimitedCodec({ lengthFieldLength: 1, lengthAdjustment: -300 }))).toBe(
      'RangeError: with numSkip 1, lengthAdjustment -300 and maxFrameLength 255, no frame can reach past its length field (bytes 0 to 1): every header would be read again as the next one',
    );
    // The README's configuration is fine: frames whose length counts their header work.
    expect(
      throws(() => new LengthDelimitedCodec({ lengthFieldLength: 2, littleEndian: true, numSkip: 0 })),
    ).toBe('accepted');
  });
});

describe('memory kept by the read buffer', () => {
  test('a consumed chunk is let go of at once, while a later one stays partly buffered', async () => {
    // Each 1 MiB chunk is adopted (zero-copy), consumed but for its last byte, then dies when the next
    // one is consumed. Before, dead ranges kept their chunks until 64 of them piled up: 40 MiB here.
    const { stdout, timedOut } = await runChild(`
      import { BytesMut } from '@async/codec';
      const heap = () => { gc(); gc(); return process.memoryUsage().arrayBuffers; };
      const buf = new BytesMut();
      const before = heap();
      for (let i = 0; i < 40; i++) {
        buf.append(new Uint8Array(1 << 20).fill(i));
        buf.advance(buf.length - 1);
      }
      const after = heap();
      console.log(buf.length, buf.at(0), Math.round((after - before) / 2 ** 20));
    `);
    expect(timedOut).toBe(false);
    const [length, last, retainedMiB] = stdout.split(' ').map(Number);
    expect([length, last]).toEqual([1, 39]);
    expect(retainedMiB).toBeLessThan(4); // the one live chunk, 1 MiB
  });
});

describe('memory kept per write', () => {
  // Each case runs in a child process with --expose-gc and measures after gc.
  const stalledWriter = `
    import { FramedWrite } from '@async/codec';
    const settle = () => new Promise((r) => setTimeout(r, 0));
    const heap = async () => { await settle(); gc(); await settle(); gc(); return process.memoryUsage(); };
    // The sink takes the first write and does not finish it (it could, later: it keeps the resolver,
    // as a stalled socket would): every later call waits.
    const drains = [];
    const sink = { write: () => new Promise((resolve) => drains.push(resolve)) };
    // Encodes one byte per item, whatever the item: what a queued call keeps is the item itself.
    const oneByte = { encode: (item, dst) => dst.putUint8(1) };
    const out = new FramedWrite(sink, oneByte, { backpressureBoundary: 0 });
    out.send(0);
  `;

  test('an aborted send lets go of its item at once, while the sink stalls', async () => {
    // Before: each aborted send kept its item (here 1 MiB) until the sink drained.
    const { stdout, timedOut } = await runChild(`${stalledWriter}
      const before = await heap();
      const settled = [];
      for (let i = 0; i < 100; i++) {
        const ac = new AbortController();
        settled.push(out.send(new Uint8Array(1 << 20), { signal: ac.signal }).catch((e) => e));
        ac.abort(new Error('gave up'));
      }
      const reasons = await Promise.all(settled);
      const after = await heap();
      console.log(reasons.every((e) => e.message === 'gave up'), Math.round((after.arrayBuffers - before.arrayBuffers) / 2 ** 20));
    `);
    expect(timedOut).toBe(false);
    const [allRejected, retainedMiB] = stdout.split(' ');
    expect(allRejected).toBe('true');
    expect(Number(retainedMiB)).toBeLessThan(5); // of 100 MiB sent
  });

  test('30,000 aborted sends leave nothing behind', async () => {
    const { stdout, timedOut } = await runChild(
      `${stalledWriter}
      const item = { payload: 'x' };
      const reason = new Error('gave up');
      const round = async (n) => {
        const settled = [];
        for (let i = 0; i < n; i++) {
          const ac = new AbortController();
          settled.push(out.send(item, { signal: ac.signal }).catch(() => {}));
          ac.abort(reason);
        }
        await Promise.all(settled);
      };
      await round(2000);
      const before = await heap();
      await round(30_000);
      const after = await heap();
      console.log(Math.round((after.heapUsed - before.heapUsed) / 30_000));
    `,
      30_000,
    );
    expect(timedOut).toBe(false);
    expect(Number(stdout)).toBeLessThan(16); // bytes per aborted send
  });

  test('an unawaited feed costs a bounded amount while it waits (the figure in the README)', async () => {
    const { stdout, timedOut } = await runChild(`${stalledWriter}
      const item = { payload: 'x' };
      const pending = [];
      const before = await heap();
      for (let i = 0; i < 20_000; i++) pending.push(out.feed(item));
      const after = await heap();
      console.log(Math.round((after.heapUsed - before.heapUsed) / 20_000));
    `);
    expect(timedOut).toBe(false);
    expect(Number(stdout)).toBeLessThan(400); // bytes per queued call, its promise included
  });
});
