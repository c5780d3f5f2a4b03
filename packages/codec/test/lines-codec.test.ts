import {
  BytesMut,
  InvalidUtf8Error,
  LinesCodec,
  type LinesCodecOptions,
  MaxLengthExceededError,
} from '@async/codec';
import { describe, expect, test } from 'vitest';
import vectors from './fixtures/tokio-vectors.json';
import { bytesOneByOne, collect, cutAt, hex, text, utf8 } from './helpers';

/** Runs the decoder over the whole input the way FramedRead does, collecting lines and errors in order. */
function decodeAll(codec: LinesCodec, chunks: Uint8Array[]): (string | { error: string })[] {
  const buf = new BytesMut();
  const out: (string | { error: string })[] = [];
  const drain = (eof: boolean) => {
    for (;;) {
      try {
        const line = eof ? codec.decodeEof(buf) : codec.decode(buf);
        if (line === undefined) return;
        out.push(line);
      } catch (e) {
        out.push({ error: (e as { code: string }).code });
      }
    }
  };
  for (const c of chunks) {
    buf.append(c);
    drain(false);
  }
  drain(true);
  return out;
}

describe('interop with tokio-util (checked-in vectors)', () => {
  for (const v of vectors.lines) {
    test(`decodes: ${v.name}`, async () => {
      const wire = hex(v.wire);
      for (const chunks of [[wire], bytesOneByOne(wire)]) {
        const { frames, error } = await collect(chunks, new LinesCodec());
        expect(error).toBeUndefined();
        expect(frames).toEqual(v.lines);
      }
    });
  }
  for (const v of vectors.linesEncode) {
    test(`encodes ${JSON.stringify(v.line)}`, () => {
      const buf = new BytesMut();
      new LinesCodec().encode(v.line, buf);
      expect(buf.split()).toEqual(hex(v.wire));
    });
  }
});

describe('tokio rules', () => {
  test('splits on \\n and strips one trailing \\r only', () => {
    expect(decodeAll(new LinesCodec(), [utf8('a\r\r\nb\rc\n')])).toEqual(['a\r', 'b\rc']);
  });

  test('new() has no length limit', () => {
    const long = 'x'.repeat(1 << 20);
    expect(new LinesCodec().maxLength).toBe(Number.POSITIVE_INFINITY);
    expect(decodeAll(new LinesCodec(), [utf8(`${long}\n`)])).toEqual([long]);
  });

  test('a line over maxLength gives one error, is discarded up to the next \\n, then decoding carries on', () => {
    const codec = new LinesCodec({ maxLength: 3 });
    // "toolong" arrives in pieces: the error comes as soon as 4 bytes are buffered without a \n.
    const out = decodeAll(codec, [utf8('ab\nto'), utf8('ol'), utf8('ong'), utf8('more\ncd\n')]);
    expect(out).toEqual(['ab', { error: 'ERR_MAX_LENGTH_EXCEEDED' }, 'cd']);
  });

  test('a line of exactly maxLength is fine; a \\r counts towards the limit', () => {
    expect(decodeAll(new LinesCodec({ maxLength: 3 }), [utf8('abc\nabc\r\nxy\r\n')])).toEqual([
      'abc',
      { error: 'ERR_MAX_LENGTH_EXCEEDED' },
      'xy',
    ]);
  });

  test('the error is raised before the newline arrives, and memory stays bounded while discarding', () => {
    const codec = new LinesCodec({ maxLength: 8 });
    const buf = new BytesMut();
    buf.put(utf8('123456789'));
    expect(() => codec.decode(buf)).toThrow(MaxLengthExceededError);
    for (let i = 0; i < 1000; i++) {
      buf.put(utf8('garbage-without-newline'));
      expect(codec.decode(buf)).toBeUndefined();
      expect(buf.length).toBe(0);
    }
    buf.put(utf8('end\nok\n'));
    expect(codec.decode(buf)).toBe('ok');
  });

  test('decodeEof returns the last line without \\n; a lone \\r is not a line', () => {
    expect(decodeAll(new LinesCodec(), [utf8('a\nlast')])).toEqual(['a', 'last']);
    expect(decodeAll(new LinesCodec(), [utf8('a\r')])).toEqual(['a']);
    expect(decodeAll(new LinesCodec(), [utf8('a\n\r')])).toEqual(['a']);
  });

  test('a too-long last line at EOF is an error, not a line', () => {
    expect(decodeAll(new LinesCodec({ maxLength: 2 }), [utf8('ok\ntoolong')])).toEqual([
      'ok',
      { error: 'ERR_MAX_LENGTH_EXCEEDED' },
    ]);
  });
});

describe('UTF-8', () => {
  test('characters split across chunks at every byte', () => {
    const wire = utf8('é→🎉\nnaïve\r\n日本語');
    for (let cut = 0; cut <= wire.length; cut++) {
      expect(decodeAll(new LinesCodec(), cutAt(wire, [cut]))).toEqual(['é→🎉', 'naïve', '日本語']);
    }
  });

  test('invalid UTF-8: an error naming the stream offset of the bad byte, then the next line', () => {
    const wire = new Uint8Array([...utf8('ok\nab'), 0xff, ...utf8('c\nnext\n')]);
    const codec = new LinesCodec();
    const buf = new BytesMut();
    buf.put(wire);
    expect(codec.decode(buf)).toBe('ok');
    let err: unknown;
    try {
      codec.decode(buf);
    } catch (e) {
      err = e;
    }
    expect(InvalidUtf8Error.is(err)).toBe(true);
    expect((err as InvalidUtf8Error).offset).toBe(5);
    expect((err as Error).message).toContain('byte 5');
    expect((err as InvalidUtf8Error).frame).toEqual(new Uint8Array([0x61, 0x62, 0xff, 0x63]));
    expect(codec.decode(buf)).toBe('next');
  });

  test('the offset counts every byte before it, across chunks and earlier lines', () => {
    const prefix = 'x'.repeat(1000);
    const wire = new Uint8Array([...utf8(`${prefix}\n${prefix}\né`), 0xc3, 0x28, ...utf8('\n')]);
    for (const chunks of [[wire], bytesOneByOne(wire), cutAt(wire, [700, 1500])]) {
      const out: unknown[] = [];
      const buf = new BytesMut();
      const codec = new LinesCodec();
      for (const c of chunks) {
        buf.append(c);
        for (;;) {
          try {
            const l = codec.decode(buf);
            if (l === undefined) break;
            out.push(l.length);
          } catch (e) {
            out.push((e as InvalidUtf8Error).offset);
          }
        }
      }
      expect(out).toEqual([1000, 1000, 2002 + 2]);
    }
  });

  test('truncated sequences, overlongs and surrogates are invalid, as TextDecoder says', () => {
    for (const bad of [[0xe2, 0x82], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]) {
      const out = decodeAll(new LinesCodec(), [new Uint8Array([0x41, ...bad, 0x0a, 0x42, 0x0a])]);
      expect(out).toEqual([{ error: 'ERR_INVALID_UTF8' }, 'B']);
    }
  });

  test('lossy: invalid bytes become U+FFFD', () => {
    const wire = new Uint8Array([0x61, 0xff, 0x62, 0x0a, 0xe2, 0x82, 0x0a]);
    expect(decodeAll(new LinesCodec({ lossy: true }), [wire])).toEqual(['a\ufffdb', '\ufffd']);
  });

  test('a byte-order mark is kept, like Rust strings', () => {
    expect(decodeAll(new LinesCodec(), [utf8('\ufeffa\n\ufeffb\n')])).toEqual(['\ufeffa', '\ufeffb']);
  });

  test('encode writes UTF-8 and \\n', () => {
    const buf = new BytesMut();
    const codec = new LinesCodec();
    codec.encode('héllo', buf);
    codec.encode('🎉', buf);
    expect(text(buf.split())).toBe('héllo\n🎉\n');
  });
});

describe('each decode consumes exactly its line', () => {
  test('the buffer holds the rest, so another decoder can take over mid-stream', () => {
    const buf = new BytesMut();
    buf.put(utf8('header one\nheader two\n\u0001\u0002binary'));
    const codec = new LinesCodec();
    expect(codec.decode(buf)).toBe('header one');
    expect(buf.length).toBe(utf8('header two\n\u0001\u0002binary').length);
    expect(codec.decode(buf)).toBe('header two');
    expect(buf.split()).toEqual(utf8('\u0001\u0002binary'));
  });

  test('consuming from the buffer between calls is respected', () => {
    const buf = new BytesMut();
    buf.put(utf8('a\nb\nc\n'));
    const codec = new LinesCodec();
    expect(codec.decode(buf)).toBe('a');
    buf.advance(2); // someone else took "b\n"
    expect(codec.decode(buf)).toBe('c');
  });

  test('bad options fail at construction, naming the option and what came', () => {
    expect(() => new LinesCodec({ maxLength: -1 })).toThrow(/maxLength/);
    expect(() => new LinesCodec({ maxLength: Number.NaN })).toThrow(/maxLength/);
    const bad = (options: unknown) => () => new LinesCodec(options as LinesCodecOptions);
    expect(bad({ maxLength: null })).toThrow(new TypeError('maxLength must be a number, got null'));
    expect(bad({ maxLength: '5' })).toThrow(new TypeError('maxLength must be a number, got "5" (string)'));
    expect(bad({ maxLength: 1.5 })).toThrow(
      new RangeError('maxLength must be an integer >= 0 or Infinity, got 1.5 (number)'),
    );
    expect(bad({ lossy: 'yes' })).toThrow(new TypeError('lossy must be a boolean, got "yes" (string)'));
    expect(bad({ maxLenght: 5 })).toThrow(
      new TypeError("LinesCodec options has an unknown option 'maxLenght' (accepted: maxLength, lossy)"),
    );
    expect(bad(5)).toThrow(new TypeError('LinesCodec options must be an object, got 5 (number)'));
  });

  test("decodeEof on a lone \\r returns nothing and keeps the \\r, as tokio's", () => {
    // Before: the \r was dropped, so a later 'k' decoded as 'k' instead of '\rk'.
    const codec = new LinesCodec();
    const buf = new BytesMut();
    buf.put(utf8('\r'));
    expect(codec.decodeEof(buf)).toBeUndefined();
    expect(buf.length).toBe(1);
    buf.put(utf8('k\n'));
    expect(codec.decode(buf)).toBe('\rk');
  });

  test('edges: empty input, an empty line, a line of exactly maxLength in chunks of every size class', async () => {
    expect(decodeAll(new LinesCodec(), [])).toEqual([]);
    expect(decodeAll(new LinesCodec(), [utf8('\n')])).toEqual(['']);
    expect(decodeAll(new LinesCodec(), [utf8('\r\n')])).toEqual(['']);
    for (const size of [1, 7, 63, 64, 100, 4096, 16 * 1024 + 1, 64 * 1024 + 3]) {
      const max = 2 * size;
      const wire = utf8(`${'x'.repeat(max)}\n${'y'.repeat(max + 1)}\nz`);
      const chunks = cutAt(
        wire,
        Array.from({ length: Math.ceil(wire.length / size) }, (_, i) => i * size),
      );
      expect(decodeAll(new LinesCodec({ maxLength: max }), chunks)).toEqual([
        'x'.repeat(max),
        { error: 'ERR_MAX_LENGTH_EXCEEDED' },
        'z',
      ]);
    }
  });
});
