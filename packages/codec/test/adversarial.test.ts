// Hostile input: lengths that claim gigabytes, lines that never end, floods of empty frames.
// "Memory stays bounded" is measured on the read buffer (what the codec holds) and on the process.
import {
  FramedRead,
  FrameTooBigError,
  LengthDelimitedCodec,
  LinesCodec,
  MaxLengthExceededError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';

const MiB = 2 ** 20;

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
