// @async/codec against hand-written floors, it-length-prefixed, node:readline and split2.
// The input is generated once per run, in memory, from a seeded generator: 64 MiB of u32-BE
// length-delimited frames (1–4,096 B) cut into chunks of 1–64 KiB and of 1–1,024 B, and 64 MiB of
// UTF-8 lines cut into chunks of 1–64 KiB. Every contender reads the same chunks through the same
// async generator and consumes every frame (its length), so the work compared is the framing alone.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { FramedRead, LengthDelimitedCodec, LinesCodec } from '@async/codec';
import { decode as lpDecode } from 'it-length-prefixed';
import split2 from 'split2';
import type { Uint8ArrayList } from 'uint8arraylist';
import { runSuite, type Workload } from './harness';

const TOTAL = 64 * 2 ** 20;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** u32-BE length-prefixed frames of 1–4,096 random bytes, about TOTAL bytes in all. */
function makeFrames(): { wire: Uint8Array; frames: number } {
  const rand = prng(1);
  const wire = new Uint8Array(TOTAL + 4100);
  let at = 0;
  let frames = 0;
  while (at < TOTAL) {
    const n = 1 + Math.floor(rand() * 4096);
    new DataView(wire.buffer).setUint32(at, n);
    for (let i = 0; i < n; i += 97) wire[at + 4 + i] = i;
    at += 4 + n;
    frames++;
  }
  return { wire: wire.subarray(0, at), frames };
}

/** Lines of 0–150 characters, one in eight with non-ASCII text, one in sixteen ending in \r\n. */
function makeLines(): { wire: Uint8Array; lines: number } {
  const rand = prng(2);
  const words = ['tokio', 'frame', 'codec', 'stream', 'bytes', 'line', 'async', 'await', 'buffer', 'sink'];
  const exotic = ['héllo', 'naïve', 'Grüße', '→ ok', '日本語', 'emoji 🎉'];
  const parts: string[] = [];
  let size = 0;
  let lines = 0;
  while (size < TOTAL) {
    const target = Math.floor(rand() * 150);
    let line = '';
    while (line.length < target) line += `${words[Math.floor(rand() * words.length)]} `;
    if (rand() < 1 / 8) line += exotic[Math.floor(rand() * exotic.length)];
    line += rand() < 1 / 16 ? '\r\n' : '\n';
    parts.push(line);
    size += line.length + 8; // rough; the exact size is the encoded length
    lines++;
  }
  return { wire: new TextEncoder().encode(parts.join('')), lines };
}

function cut(wire: Uint8Array, max: number, seed: number): Uint8Array[] {
  const rand = prng(seed);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < wire.length; ) {
    const n = 1 + Math.floor(rand() * max);
    chunks.push(wire.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

async function* source(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

// ---- floors --------------------------------------------------------------------------------------

const SLAB = 64 * 1024;

/** The tuned hand-written u32-BE decoder: a chunk list, zero-copy views for frames inside one chunk. */
async function* floorLengthDelimited(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let chunks: Uint8Array[] = [];
  let head = 0;
  let off = 0;
  let len = 0;
  let need = -1;
  let slab = new Uint8Array(SLAB);
  let slabUsed = 0;
  for await (const chunk of input) {
    chunks.push(chunk);
    len += chunk.length;
    for (;;) {
      if (need < 0) {
        if (len < 4) break;
        let c = chunks[head]!;
        if (c.length - off >= 4) {
          need = ((c[off]! << 24) | (c[off + 1]! << 16) | (c[off + 2]! << 8) | c[off + 3]!) >>> 0;
          off += 4;
          if (off === c.length) {
            head++;
            off = 0;
          }
        } else {
          need = 0;
          for (let k = 0; k < 4; k++) {
            need = need * 256 + c[off]!;
            if (++off === c.length) {
              c = chunks[++head]!;
              off = 0;
            }
          }
        }
        len -= 4;
      }
      if (len < need) break;
      const c = chunks[head]!;
      let frame: Uint8Array;
      if (c.length - off >= need) {
        frame = c.subarray(off, off + need);
        off += need;
        if (off === c.length) {
          head++;
          off = 0;
        }
      } else {
        // A copy, carved from a slab: one small ArrayBuffer per frame costs more than the copy.
        if (need > SLAB / 4) frame = new Uint8Array(need);
        else {
          if (SLAB - slabUsed < need) {
            slab = new Uint8Array(SLAB);
            slabUsed = 0;
          }
          frame = slab.subarray(slabUsed, slabUsed + need);
          slabUsed += need;
        }
        let at = 0;
        while (at < need) {
          const d = chunks[head]!;
          const take = Math.min(need - at, d.length - off);
          frame.set(d.subarray(off, off + take), at);
          at += take;
          off += take;
          if (off === d.length) {
            head++;
            off = 0;
          }
        }
      }
      len -= need;
      need = -1;
      yield frame;
    }
    if (head > 1024) {
      chunks = chunks.slice(head);
      head = 0;
    }
  }
}

/** The lines floor: streaming TextDecoder, then indexOf on the text. */
async function* floorLines(input: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of input) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    let i = text.indexOf('\n');
    while (i >= 0) {
      yield text.slice(start, i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i);
      start = i + 1;
      i = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest;
}

// ---- contenders ----------------------------------------------------------------------------------

async function count(frames: AsyncIterable<{ length: number }>, expect: number): Promise<void> {
  let n = 0;
  let bytes = 0;
  for await (const f of frames) {
    n++;
    bytes += f.length;
  }
  if (n !== expect || bytes < 0) throw new Error(`decoded ${n} frames, expected ${expect}`);
}

const u32be = Object.assign(
  (buf: Uint8ArrayList): number => {
    if (buf.byteLength < 4) throw new RangeError('short');
    return buf.getUint32(0);
  },
  { bytes: 4 },
);

function lengthDelimited(name: string, chunks: Uint8Array[], frames: number, bytes: number): Workload {
  return {
    name,
    ops: bytes,
    unit: 'B',
    floor: 'floor (hand-written)',
    contenders: [
      { name: 'floor (hand-written)', run: () => count(floorLengthDelimited(source(chunks)), frames) },
      {
        name: 'FramedRead + LengthDelimitedCodec',
        ours: true,
        run: () => count(new FramedRead(source(chunks), new LengthDelimitedCodec()), frames),
      },
      {
        name: 'it-length-prefixed',
        run: async () => {
          let n = 0;
          for await (const list of lpDecode(source(chunks), {
            lengthDecoder: u32be,
            maxDataLength: 8 * 2 ** 20,
          })) {
            if (list.subarray().length >= 0) n++;
          }
          if (n !== frames) throw new Error(`it-length-prefixed decoded ${n} frames`);
        },
      },
    ],
  };
}

function lines(chunks: Uint8Array[], expect: number, bytes: number): Workload {
  return {
    name: 'LinesCodec: 64 MiB of UTF-8 lines, chunks of 1–64 KiB',
    ops: bytes,
    unit: 'B',
    floor: 'floor (TextDecoder + indexOf)',
    rounds: 5,
    contenders: [
      { name: 'floor (TextDecoder + indexOf)', run: () => count(floorLines(source(chunks)), expect) },
      {
        name: 'FramedRead + LinesCodec',
        ours: true,
        run: () => count(new FramedRead(source(chunks), new LinesCodec()), expect),
      },
      {
        name: 'node:readline',
        run: () =>
          count(
            createInterface({ input: Readable.from(source(chunks)), crlfDelay: Number.POSITIVE_INFINITY }),
            expect,
          ),
      },
      { name: 'split2', run: () => count(Readable.from(source(chunks)).pipe(split2()), expect) },
    ],
  };
}

const ld = makeFrames();
const text = makeLines();
await runSuite('codec', '@async/codec benchmarks', [
  lengthDelimited(
    'LengthDelimitedCodec: 64 MiB of u32-BE frames (1–4,096 B), chunks of 1–64 KiB',
    cut(ld.wire, 64 * 1024, 3),
    ld.frames,
    ld.wire.length,
  ),
  lengthDelimited(
    'LengthDelimitedCodec: 64 MiB of u32-BE frames (1–4,096 B), chunks of 1–1,024 B',
    cut(ld.wire, 1024, 4),
    ld.frames,
    ld.wire.length,
  ),
  lines(cut(text.wire, 64 * 1024, 5), text.lines, text.wire.length),
]);
