import {
  BytesMut,
  DEFAULT_MAX_FRAME_LENGTH,
  FrameTooBigError,
  InvalidFrameError,
  LengthDelimitedCodec,
  type LengthDelimitedOptions,
  TruncatedFrameError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';
import vectors from './fixtures/tokio-vectors.json';
import { bytesOneByOne, collect, hex, utf8 } from './helpers';

function encodeAll(codec: LengthDelimitedCodec, frames: Uint8Array[]): Uint8Array {
  const buf = new BytesMut();
  for (const f of frames) codec.encode(f, buf);
  return buf.split();
}

describe('interop with tokio-util (checked-in vectors)', () => {
  for (const v of vectors.lengthDelimitedDefault) {
    test(`default codec decodes: ${v.name}`, async () => {
      const wire = hex(v.wire);
      for (const chunks of [[wire], bytesOneByOne(wire)]) {
        const { frames, error } = await collect(chunks, new LengthDelimitedCodec());
        expect(error).toBeUndefined();
        expect(frames).toEqual(v.frames.map(hex));
      }
    });
    test(`default codec encodes byte for byte: ${v.name}`, () => {
      expect(encodeAll(new LengthDelimitedCodec(), v.frames.map(hex))).toEqual(hex(v.wire));
    });
  }
  for (const v of vectors.lengthDelimitedBuilder) {
    test(`builder options decode: ${v.name}`, async () => {
      const wire = hex(v.wire);
      for (const chunks of [[wire], bytesOneByOne(wire)]) {
        const { frames, error } = await collect(
          chunks,
          new LengthDelimitedCodec(v.options as LengthDelimitedOptions),
        );
        expect(error).toBeUndefined();
        expect(frames).toEqual(v.frames.map(hex));
      }
    });
  }
  for (const v of vectors.lengthDelimitedErrors) {
    test(`default codec rejects: ${v.name}`, async () => {
      const { frames, error } = await collect([hex(v.wire)], new LengthDelimitedCodec());
      expect(frames).toEqual([]);
      expect((error as { code: string }).code).toBe(v.code);
    });
  }
});

describe('tokio rules', () => {
  test('defaults: 4-byte big-endian length at offset 0, no adjustment, skip 4, max 8 MiB', () => {
    const c = new LengthDelimitedCodec();
    expect([c.lengthFieldOffset, c.lengthFieldLength, c.littleEndian, c.lengthAdjustment, c.numSkip]).toEqual(
      [0, 4, false, 0, 4],
    );
    expect(c.maxFrameLength).toBe(8 * 1024 * 1024);
    expect(DEFAULT_MAX_FRAME_LENGTH).toBe(8 * 1024 * 1024);
    expect(new LengthDelimitedCodec({ lengthFieldOffset: 3, lengthFieldLength: 2 }).numSkip).toBe(5);
  });

  test('max frame length is checked on the length field before adjustment when decoding', () => {
    // Field says 10, adjustment -5 → 5 bytes; a max of 9 still rejects it.
    const c = new LengthDelimitedCodec({ maxFrameLength: 9, lengthAdjustment: -5 });
    const buf = new BytesMut();
    buf.put(hex('0000000a0102030405'));
    const err = (() => {
      try {
        c.decode(buf);
      } catch (e) {
        return e;
      }
    })();
    expect(FrameTooBigError.is(err)).toBe(true);
    expect((err as Error).message).toMatch(/^frame size too big/);
    expect((err as FrameTooBigError).length).toBe(10);
    // ... and a field of exactly the max with a positive adjustment passes.
    const d = new LengthDelimitedCodec({ maxFrameLength: 2, lengthAdjustment: 1 });
    buf.clear();
    buf.put(hex('00000002aabbcc'));
    expect(d.decode(buf)).toEqual(hex('aabbcc'));
  });

  test('max frame length is checked on the payload when encoding', () => {
    const c = new LengthDelimitedCodec({ maxFrameLength: 12, lengthAdjustment: -10 });
    const buf = new BytesMut();
    c.encode(new Uint8Array(12), buf);
    expect(buf.getUint(0, 4)).toBe(22);
    expect(() => c.encode(new Uint8Array(13), buf)).toThrow(/frame size too big/);
  });

  test('setting maxFrameLength applies from the next frame header', () => {
    const c = new LengthDelimitedCodec();
    const buf = new BytesMut();
    buf.put(hex('0000000401020304' + '0000000401020304').subarray(0, 6)); // header + 2 payload bytes
    expect(c.decode(buf)).toBeUndefined();
    c.maxFrameLength = 2; // the frame in progress was accepted under the old limit
    buf.put(hex('0304' + '00000004'));
    expect(c.decode(buf)).toEqual(hex('01020304'));
    expect(() => c.decode(buf)).toThrow(FrameTooBigError);
  });

  test("a partial frame at EOF is an error ('bytes remaining on stream')", async () => {
    const { frames, error } = await collect([hex('00000001aa0000000201')], new LengthDelimitedCodec());
    expect(frames).toEqual([hex('aa')]);
    expect(TruncatedFrameError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/bytes remaining on stream/);
    // A complete header with no payload at all is reported too (tokio lets that one pass).
    const headerOnly = await collect([hex('00000002')], new LengthDelimitedCodec());
    expect(TruncatedFrameError.is(headerOnly.error)).toBe(true);
  });

  test('a negative adjusted length is rejected', () => {
    const c = new LengthDelimitedCodec({ lengthAdjustment: -5 });
    const buf = new BytesMut();
    buf.put(hex('00000002'));
    expect(() => c.decode(buf)).toThrow(InvalidFrameError);
  });
});

describe('options', () => {
  test('length fields of 1 to 8 bytes, both byte orders, round-trip', () => {
    for (let size = 1; size <= 8; size++) {
      for (const littleEndian of [false, true]) {
        const c = new LengthDelimitedCodec({ lengthFieldLength: size, littleEndian });
        const payload = new Uint8Array(200).fill(7);
        const buf = new BytesMut();
        c.encode(payload, buf);
        expect(buf.length).toBe(size + 200);
        expect(buf.at(littleEndian ? 0 : size - 1)).toBe(200);
        expect(c.decode(buf)).toEqual(payload);
      }
    }
  });

  test('an 8-byte length beyond 2^53 is rejected as too big, not misread', () => {
    const c = new LengthDelimitedCodec({ lengthFieldLength: 8 });
    const buf = new BytesMut();
    buf.put(hex('ffffffffffffffff'));
    expect(() => c.decode(buf)).toThrow(FrameTooBigError);
  });

  test('an encoded length that does not fit the field is an error, not a truncation', () => {
    const c = new LengthDelimitedCodec({ lengthFieldLength: 1 });
    expect(() => c.encode(new Uint8Array(256), new BytesMut())).toThrow(InvalidFrameError);
    const ok = new BytesMut();
    c.encode(new Uint8Array(255), ok);
    expect(ok.at(0)).toBe(255);
  });

  test('bad options fail at construction, naming the option', () => {
    expect(() => new LengthDelimitedCodec({ lengthFieldLength: 0 })).toThrow(/lengthFieldLength/);
    expect(() => new LengthDelimitedCodec({ lengthFieldLength: 9 })).toThrow(/lengthFieldLength/);
    expect(() => new LengthDelimitedCodec({ maxFrameLength: -1 })).toThrow(/maxFrameLength/);
    expect(() => new LengthDelimitedCodec({ numSkip: 1.5 })).toThrow(/numSkip/);
    expect(() => new LengthDelimitedCodec({ lengthFieldOffset: -1 })).toThrow(/lengthFieldOffset/);
  });

  test('frames inside one input chunk are views of it; frames across chunks are copies', async () => {
    const wire = new Uint8Array(2000);
    wire.set(hex('00000200'), 0); // 512 bytes
    wire.set(hex('00000200'), 516);
    const chunks = [wire.subarray(0, 1000), wire.subarray(1000, 1032)];
    const { frames } = await collect(chunks, new LengthDelimitedCodec());
    expect(frames[0]!.buffer).toBe(wire.buffer); // zero-copy view of the first chunk
    expect(frames[1]!.buffer).not.toBe(wire.buffer); // spans two chunks: copied
    expect(frames[1]!.length).toBe(512);
  });

  test('the default encoding of a text payload', () => {
    expect(encodeAll(new LengthDelimitedCodec(), [utf8('hi')])).toEqual(hex('000000026869'));
  });
});
