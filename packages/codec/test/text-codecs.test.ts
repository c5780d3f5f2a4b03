import {
  AnyDelimiterCodec,
  BytesCodec,
  BytesMut,
  InvalidJsonError,
  JsonCodec,
  TruncatedFrameError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';
import { bytesOneByOne, collect, utf8 } from './helpers';

describe('AnyDelimiterCodec', () => {
  test("tokio's defaults: split at any of , ; \\n \\r, write ','", async () => {
    const { frames } = await collect([utf8('a,b;c\nd\re')], new AnyDelimiterCodec());
    expect(frames).toEqual(['a', 'b', 'c', 'd', 'e']);
    const buf = new BytesMut();
    new AnyDelimiterCodec().encode('x', buf);
    expect(new TextDecoder().decode(buf.split())).toBe('x,');
  });

  test('decodeEof returns the remainder as it is (no \\r stripping)', async () => {
    const codec = new AnyDelimiterCodec({ seekDelimiters: ',' });
    const { frames } = await collect([utf8('a,b\r')], codec);
    expect(frames).toEqual(['a', 'b\r']);
  });

  test('same discard semantics as LinesCodec: one error, discard to the next delimiter, go on', async () => {
    const codec = new AnyDelimiterCodec({ seekDelimiters: ';', sequenceWriter: ';', maxLength: 3 });
    const buf = new BytesMut();
    const out: string[] = [];
    for (const c of bytesOneByOne(utf8('ab;toolong;cd;'))) {
      buf.append(c);
      for (;;) {
        try {
          const x = codec.decode(buf);
          if (x === undefined) break;
          out.push(x);
        } catch (e) {
          out.push((e as { code: string }).code);
        }
      }
    }
    expect(out).toEqual(['ab', 'ERR_MAX_LENGTH_EXCEEDED', 'cd']);
  });

  test('custom delimiters and writer as bytes', () => {
    const codec = new AnyDelimiterCodec({
      seekDelimiters: new Uint8Array([0]),
      sequenceWriter: new Uint8Array([0, 0]),
    });
    const buf = new BytesMut();
    codec.encode('hi', buf);
    expect(buf.slice()).toEqual(new Uint8Array([104, 105, 0, 0]));
    expect(codec.decode(buf)).toBe('hi');
    expect(codec.decode(buf)).toBe('');
  });
});

describe('BytesCodec', () => {
  test('passes bytes through, one frame per read', async () => {
    const { frames } = await collect([new Uint8Array([1, 2]), new Uint8Array([3])], new BytesCodec());
    expect(frames).toEqual([new Uint8Array([1, 2]), new Uint8Array([3])]);
  });
});

describe('JsonCodec', () => {
  test('round-trips values in length-delimited frames (tokio default format)', () => {
    const codec = new JsonCodec<{ n: number; s: string }>();
    const buf = new BytesMut();
    codec.encode({ n: 1, s: 'é' }, buf);
    const payload = utf8('{"n":1,"s":"é"}');
    expect(buf.getUint(0, 4)).toBe(payload.length);
    expect(codec.decode(buf)).toEqual({ n: 1, s: 'é' });
  });

  test('malformed JSON: an error carrying the frame; the stream continues if the caller chooses', async () => {
    const codec = new JsonCodec<number>();
    const buf = new BytesMut();
    codec.encode(1, buf);
    buf.putUint(3, 4);
    buf.put(utf8('{x}'));
    codec.encode(2, buf);
    const wire = buf.split();
    const { FramedRead } = await import('@async/codec');
    const reader = new FramedRead([wire], codec);
    const seen: unknown[] = [];
    for (;;) {
      try {
        for await (const v of reader) seen.push(v);
        break;
      } catch (e) {
        expect(InvalidJsonError.is(e)).toBe(true);
        expect((e as InvalidJsonError).frame).toEqual(utf8('{x}'));
        expect((e as Error).cause).toBeInstanceOf(SyntaxError);
        seen.push('error');
      }
    }
    expect(seen).toEqual([1, 'error', 2]);
  });

  test('the validation hook types and filters values', () => {
    const codec = new JsonCodec<{ id: number }>({
      validate: (v) => {
        if (typeof v !== 'object' || v === null || typeof (v as { id?: unknown }).id !== 'number') {
          throw new TypeError('expected { id: number }');
        }
        return v as { id: number };
      },
    });
    const buf = new BytesMut();
    new JsonCodec<unknown>().encode({ id: 'nope' }, buf);
    codec.encode({ id: 7 }, buf);
    expect(() => codec.decode(buf)).toThrow(/expected \{ id: number \}/);
    expect(codec.decode(buf)).toEqual({ id: 7 });
  });

  test('values JSON cannot represent are refused at encode', () => {
    expect(() => new JsonCodec<unknown>().encode(undefined, new BytesMut())).toThrow(TypeError);
  });

  test('a truncated frame at EOF is an error', async () => {
    const { error } = await collect([new Uint8Array([0, 0, 0, 9, 123])], new JsonCodec());
    expect(TruncatedFrameError.is(error)).toBe(true);
  });
});
