// Property tests: whatever the frames and wherever the input is cut, decoding gives back the frames.
import {
  AnyDelimiterCodec,
  BytesMut,
  FramedRead,
  JsonCodec,
  LengthDelimitedCodec,
  type LengthDelimitedOptions,
  LinesCodec,
} from '@async/codec';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesOneByOne, concat, cutAt } from './helpers';

const RUNS = { numRuns: 150 };

/** How to chunk the input: 1-byte chunks, or cuts at arbitrary points. */
const chunking = fc.oneof(fc.constant<'bytes'>('bytes'), fc.array(fc.nat({ max: 4000 }), { maxLength: 40 }));

function chunk(wire: Uint8Array, how: 'bytes' | number[]): Uint8Array[] {
  return how === 'bytes' ? bytesOneByOne(wire) : cutAt(wire, how);
}

async function readAll<T>(
  chunks: Uint8Array[],
  decoder: ConstructorParameters<typeof FramedRead<T>>[1],
): Promise<T[]> {
  const out: T[] = [];
  for await (const f of new FramedRead(chunks, decoder)) out.push(f);
  return out;
}

const frame = fc.uint8Array({ maxLength: 300 });

describe('LengthDelimitedCodec', () => {
  test('encode∘decode is the identity for every configuration the encoder writes', async () => {
    const config = fc.record({
      lengthFieldLength: fc.integer({ min: 1, max: 8 }),
      littleEndian: fc.boolean(),
      lengthAdjustment: fc.integer({ min: -20, max: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(config, fc.array(frame, { maxLength: 20 }), chunking, async (options, raw, how) => {
        // Frames shorter than a positive adjustment cannot be encoded (tokio refuses them too).
        const frames = raw.map((f) =>
          f.length >= options.lengthAdjustment
            ? f
            : concat([f, new Uint8Array(options.lengthAdjustment - f.length)]),
        );
        const fitting =
          options.lengthFieldLength > 1 || frames.every((f) => f.length - options.lengthAdjustment < 256);
        fc.pre(fitting);
        const buf = new BytesMut();
        const codec = new LengthDelimitedCodec(options);
        for (const f of frames) codec.encode(f, buf);
        const wire = buf.split();
        expect(await readAll(chunk(wire, how), new LengthDelimitedCodec(options))).toEqual(frames);
      }),
      RUNS,
    );
  });

  test('decoding matches a reference model for every configuration, offsets and num_skip included', async () => {
    const config = fc
      .record({
        lengthFieldOffset: fc.integer({ min: 0, max: 6 }),
        lengthFieldLength: fc.integer({ min: 1, max: 8 }),
        littleEndian: fc.boolean(),
        lengthAdjustment: fc.integer({ min: -12, max: 12 }),
        numSkip: fc.option(fc.integer({ min: 0, max: 16 }), { nil: undefined }),
      })
      .map((o) => o as LengthDelimitedOptions & { lengthFieldOffset: number; lengthFieldLength: number });
    await fc.assert(
      fc.asyncProperty(config, fc.array(frame, { maxLength: 12 }), chunking, async (o, bodies, how) => {
        const size = o.lengthFieldLength;
        const numSkip = o.numSkip ?? o.lengthFieldOffset + size;
        const headLength = Math.max(o.lengthFieldOffset + size, numSkip);
        const adj = o.lengthAdjustment ?? 0;
        // Build each frame: filler, length field, filler up to the head length, body. The decoder takes
        // n = field + adjustment bytes after skipping numSkip, which must end where the body ends.
        const parts: Uint8Array[] = [];
        const expected: Uint8Array[] = [];
        for (const body of bodies) {
          const n = headLength + body.length - numSkip;
          const field = n - adj;
          fc.pre(field >= 0 && (size >= 7 || field < 2 ** (8 * size)));
          const f = new Uint8Array(headLength + body.length).fill(0xee);
          for (let i = 0; i < size; i++) {
            f[o.lengthFieldOffset + (o.littleEndian ? i : size - 1 - i)] = Math.floor(field / 256 ** i) % 256;
          }
          f.set(body, headLength);
          parts.push(f);
          expected.push(f.slice(numSkip));
        }
        const wire = concat(parts);
        expect(await readAll(chunk(wire, how), new LengthDelimitedCodec(o))).toEqual(expected);
      }),
      RUNS,
    );
  });
});

const lineText = fc
  .array(fc.constantFrom('a', 'b', ' ', 'é', '→', '🎉', '日', '\r', '\u0000', '\ufeff'), { maxLength: 60 })
  .map((cs) => cs.join(''))
  .filter((s) => !s.endsWith('\r'));

describe('LinesCodec', () => {
  test('lines encoded and cut anywhere decode to the same lines, with \\n or \\r\\n', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineText, { maxLength: 30 }),
        fc.boolean(),
        chunking,
        async (lines, crlf, how) => {
          const wire = new TextEncoder().encode(lines.map((l) => `${l}${crlf ? '\r\n' : '\n'}`).join(''));
          expect(await readAll(chunk(wire, how), new LinesCodec())).toEqual(lines);
        },
      ),
      RUNS,
    );
  });

  test('with maxLength: exactly the lines over the limit turn into one error each', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineText, { maxLength: 30 }),
        fc.integer({ min: 0, max: 40 }),
        chunking,
        async (lines, max, how) => {
          const enc = new TextEncoder();
          const wire = enc.encode(lines.map((l) => `${l}\n`).join(''));
          const expected = lines.map((l) => (enc.encode(l).length > max ? 'ERR' : l));
          const reader = new FramedRead(chunk(wire, how), new LinesCodec({ maxLength: max }));
          const got: string[] = [];
          for (;;) {
            try {
              for await (const l of reader) got.push(l);
              break;
            } catch {
              got.push('ERR');
            }
          }
          expect(got).toEqual(expected);
        },
      ),
      RUNS,
    );
  });
  test('lossy, on arbitrary bytes: each line is what TextDecoder gives and consumes exactly its bytes', () => {
    const rawLine = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 10 ? 0xff : x)));
    const lossy = new TextDecoder('utf-8', { ignoreBOM: true });
    fc.assert(
      fc.property(fc.array(rawLine, { maxLength: 30 }), (raw) => {
        const buf = new BytesMut();
        for (const line of raw) buf.put(concat([line, new Uint8Array([10])]));
        const codec = new LinesCodec({ lossy: true });
        let offset = 0;
        for (const line of raw) {
          const text = lossy.decode(line.at(-1) === 13 ? line.subarray(0, -1) : line);
          expect(codec.decode(buf)).toBe(text);
          offset += line.length + 1;
          expect(buf.consumed).toBe(offset);
        }
        expect(codec.decode(buf)).toBeUndefined();
      }),
      RUNS,
    );
  });
});

describe('other codecs', () => {
  test('AnyDelimiterCodec round-trips chunks free of delimiters', async () => {
    const piece = lineText.map((s) => s.replace(/[,;\r\n]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 20 }), chunking, async (pieces, how) => {
        const buf = new BytesMut();
        const codec = new AnyDelimiterCodec();
        for (const p of pieces) codec.encode(p, buf);
        expect(await readAll(chunk(buf.split(), how), new AnyDelimiterCodec())).toEqual(pieces);
      }),
      RUNS,
    );
  });

  test('JsonCodec round-trips JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 10 }), chunking, async (values, how) => {
        const buf = new BytesMut();
        const codec = new JsonCodec<unknown>();
        for (const v of values) codec.encode(v, buf);
        const normalised = values.map((v) => JSON.parse(JSON.stringify(v)));
        expect(await readAll(chunk(buf.split(), how), new JsonCodec<unknown>())).toEqual(normalised);
      }),
      { numRuns: 60 },
    );
  });
});
