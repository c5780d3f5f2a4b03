// @async/codec against hand-written floors, it-length-prefixed, node:readline, split2 and Effect.
// The input is generated once per run, in memory, from a seeded generator: 64 MiB of u32-BE
// length-delimited frames (1–4,096 B) cut into chunks of 1 B–64 KiB and of 1–1,024 B, 64 MiB of
// mostly-ASCII UTF-8 lines cut into chunks of 1 B–64 KiB, and 32 MiB of lines of 0–200 code points
// (mixed: a share of 2-, 3- and 4-byte characters; and the same shape all ASCII). Every contender reads
// the same chunks through the same async generator and consumes every frame (its length), so the work
// compared is the framing alone. Two kinds of floor: a pull iterator awaited per frame (what
// `for await` over a reader does), and a push decoder that hands each frame to a callback inside one
// `for await` over the chunks, against which the batched readers (`FramedRead.batches()`) compare.
// The machine this runs on is shared: rounds are many and interleaved, and the medians are reported.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { BytesMut, FramedRead, LengthDelimitedCodec, LinesCodec } from '@async/codec';
import { Effect, Stream as EffectStream } from 'effect';
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
  const encoder = new TextEncoder();
  let size = 0;
  let lines = 0;
  while (size < TOTAL) {
    const target = Math.floor(rand() * 150);
    let line = '';
    while (line.length < target) line += `${words[Math.floor(rand() * words.length)]} `;
    if (rand() < 1 / 8) line += exotic[Math.floor(rand() * exotic.length)];
    line += rand() < 1 / 16 ? '\r\n' : '\n';
    parts.push(line);
    size += encoder.encode(line).length;
    lines++;
  }
  return { wire: encoder.encode(parts.join('')), lines };
}

const MIXED_TOTAL = 32 * 2 ** 20;

/**
 * Lines of 0–200 code points, one in sixteen ending in \r\n, written as UTF-8 straight into bytes.
 * Mixed: each code point is ASCII (70 %), or a 2-byte (15 %), 3-byte (10 %) or 4-byte (5 %) character
 * drawn uniformly from its range (no surrogates); otherwise every code point is printable ASCII.
 */
function makeMixedLines(mixed: boolean): { wire: Uint8Array; lines: number } {
  const rand = prng(mixed ? 6 : 7);
  const wire = new Uint8Array(MIXED_TOTAL + 1024);
  let at = 0;
  let lines = 0;
  while (at < MIXED_TOTAL) {
    const n = Math.floor(rand() * 201);
    for (let k = 0; k < n; k++) {
      const r = mixed ? rand() : 0;
      if (r < 0.7) wire[at++] = 0x20 + Math.floor(rand() * 95);
      else if (r < 0.85) {
        const cp = 0x80 + Math.floor(rand() * (0x800 - 0x80));
        wire[at++] = 0xc0 | (cp >> 6);
        wire[at++] = 0x80 | (cp & 63);
      } else if (r < 0.95) {
        let cp = 0x800 + Math.floor(rand() * (0x10000 - 0x800 - 0x800));
        if (cp >= 0xd800) cp += 0x800; // skip the surrogates
        if (cp === 0xfeff) cp = 0xfefe; // and the byte-order mark, which decoders may strip
        wire[at++] = 0xe0 | (cp >> 12);
        wire[at++] = 0x80 | ((cp >> 6) & 63);
        wire[at++] = 0x80 | (cp & 63);
      } else {
        const cp = 0x10000 + Math.floor(rand() * (0x110000 - 0x10000));
        wire[at++] = 0xf0 | (cp >> 18);
        wire[at++] = 0x80 | ((cp >> 12) & 63);
        wire[at++] = 0x80 | ((cp >> 6) & 63);
        wire[at++] = 0x80 | (cp & 63);
      }
    }
    if (rand() < 1 / 16) wire[at++] = 13;
    wire[at++] = 10;
    lines++;
  }
  return { wire: wire.subarray(0, at), lines };
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
const DONE: IteratorResult<never> = { value: undefined, done: true };

/**
 * The floors' u32-BE frame splitter: a chunk list, zero-copy views for frames inside one chunk, copies of
 * the others carved from a slab (one small ArrayBuffer per frame costs more than the copy).
 */
class FloorFrameSplitter {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private off = 0;
  private len = 0;
  private need = -1;
  private slab = new Uint8Array(SLAB);
  private slabUsed = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.len += chunk.length;
    if (this.head > 1024) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Whether bytes of an unfinished frame are left. */
  get pending(): boolean {
    return this.len > 0 || this.need >= 0;
  }

  /** The next complete frame, or undefined until more bytes come. */
  frame(): Uint8Array | undefined {
    const chunks = this.chunks;
    if (this.need < 0) {
      if (this.len < 4) return undefined;
      let c = chunks[this.head]!;
      let off = this.off;
      if (c.length - off >= 4) {
        this.need = ((c[off]! << 24) | (c[off + 1]! << 16) | (c[off + 2]! << 8) | c[off + 3]!) >>> 0;
        off += 4;
        if (off === c.length) {
          this.head++;
          off = 0;
        }
      } else {
        let need = 0;
        for (let k = 0; k < 4; k++) {
          need = need * 256 + c[off]!;
          if (++off === c.length) {
            c = chunks[++this.head]!;
            off = 0;
          }
        }
        this.need = need;
      }
      this.off = off;
      this.len -= 4;
    }
    const need = this.need;
    if (this.len < need) return undefined;
    const c = chunks[this.head]!;
    let frame: Uint8Array;
    if (c.length - this.off >= need) {
      frame = c.subarray(this.off, this.off + need);
      this.off += need;
      if (this.off === c.length) {
        this.head++;
        this.off = 0;
      }
    } else {
      if (need > SLAB / 4) frame = new Uint8Array(need);
      else {
        if (SLAB - this.slabUsed < need) {
          this.slab = new Uint8Array(SLAB);
          this.slabUsed = 0;
        }
        frame = this.slab.subarray(this.slabUsed, this.slabUsed + need);
        this.slabUsed += need;
      }
      let at = 0;
      while (at < need) {
        const d = chunks[this.head]!;
        const take = Math.min(need - at, d.length - this.off);
        frame.set(d.subarray(this.off, this.off + take), at);
        at += take;
        this.off += take;
        if (this.off === d.length) {
          this.head++;
          this.off = 0;
        }
      }
    }
    this.len -= need;
    this.need = -1;
    return frame;
  }
}

/**
 * The tuned hand-written pull decoder: the splitter above behind a hand-rolled async iterator (an async
 * generator costs about three times as much per item).
 */
class FloorLengthDelimited implements AsyncIterableIterator<Uint8Array> {
  private readonly splitter = new FloorFrameSplitter();
  private ended = false;
  private readonly input: AsyncIterator<Uint8Array>;
  constructor(input: AsyncIterable<Uint8Array>) {
    this.input = input[Symbol.asyncIterator]();
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
  next(): Promise<IteratorResult<Uint8Array>> {
    const frame = this.splitter.frame();
    if (frame !== undefined) return Promise.resolve({ value: frame, done: false });
    if (this.ended) return Promise.resolve(DONE);
    return this.input.next().then(this.onChunk);
  }
  private readonly onChunk = (r: IteratorResult<Uint8Array>): Promise<IteratorResult<Uint8Array>> => {
    if (r.done) this.ended = true;
    else this.splitter.push(r.value);
    return this.next();
  };
}

/** The lines floor: a streaming TextDecoder, indexOf on the text, a hand-rolled async iterator. */
class FloorLines implements AsyncIterableIterator<string> {
  private text = '';
  private pos = 0;
  private ended = false;
  private readonly decoder = new TextDecoder();
  private readonly input: AsyncIterator<Uint8Array>;
  constructor(input: AsyncIterable<Uint8Array>) {
    this.input = input[Symbol.asyncIterator]();
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
  next(): Promise<IteratorResult<string>> {
    const text = this.text;
    const start = this.pos;
    const i = text.indexOf('\n', start);
    if (i >= 0) {
      this.pos = i + 1;
      return Promise.resolve({
        value: text.slice(start, i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i),
        done: false,
      });
    }
    if (this.ended) {
      this.text = '';
      this.pos = 0;
      return Promise.resolve(start < text.length ? { value: text.slice(start), done: false } : DONE);
    }
    return this.input.next().then(this.onChunk);
  }
  private readonly onChunk = (r: IteratorResult<Uint8Array>): Promise<IteratorResult<string>> => {
    const rest = this.text.slice(this.pos);
    if (r.done) {
      this.ended = true;
      this.text = rest + this.decoder.decode();
    } else this.text = rest + this.decoder.decode(r.value, { stream: true });
    this.pos = 0;
    return this.next();
  };
}

/**
 * The push floor for u32-BE frames: one `for await` over the chunks; each chunk goes into the floors'
 * splitter and every frame it completes goes to a callback.
 */
class PushLengthDelimited {
  private readonly splitter = new FloorFrameSplitter();

  async run(input: AsyncIterable<Uint8Array>, onFrame: (frame: Uint8Array) => void): Promise<void> {
    const splitter = this.splitter;
    for await (const chunk of input) {
      splitter.push(chunk);
      for (let frame = splitter.frame(); frame !== undefined; frame = splitter.frame()) onFrame(frame);
    }
    if (splitter.pending) throw new Error('bytes remaining on stream');
  }
}

/**
 * The push floor for lines: one `for await` over the chunks, one streaming `TextDecoder`, `indexOf('\n')`
 * on the text, and a callback per line (one `\r` before the `\n` removed); no `await` per line.
 */
async function pushLines(input: AsyncIterable<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of input) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      onLine(text.slice(start, i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i));
      start = i + 1;
    }
    rest = text.slice(start);
  }
  const last = rest + decoder.decode();
  if (last.length > 0) onLine(last);
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
    rounds: 15,
    contenders: [
      { name: 'floor (hand-written)', run: () => count(new FloorLengthDelimited(source(chunks)), frames) },
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
    rounds: 11,
    contenders: [
      { name: 'floor (TextDecoder + indexOf)', run: () => count(new FloorLines(source(chunks)), expect) },
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

/** Counts the frames handed to `onFrame` (and their lengths), and checks the count at the end. */
class Tally {
  n = 0;
  bytes = 0;
  readonly onFrame = (f: { length: number }): void => {
    this.n++;
    this.bytes += f.length;
  };
  check(expect: number, who: string): void {
    if (this.n !== expect || this.bytes < 0)
      throw new Error(`${who} decoded ${this.n} frames, expected ${expect}`);
  }
}

function pushLengthDelimited(name: string, chunks: Uint8Array[], frames: number, bytes: number): Workload {
  return {
    name,
    ops: bytes,
    unit: 'B',
    floor: 'push floor (hand-written, callback per frame)',
    rounds: 15,
    contenders: [
      {
        name: 'push floor (hand-written, callback per frame)',
        run: async () => {
          const t = new Tally();
          await new PushLengthDelimited().run(source(chunks), t.onFrame);
          t.check(frames, 'floor');
        },
      },
      {
        name: 'FramedRead + LengthDelimitedCodec, batches()',
        ours: true,
        run: async () => {
          const t = new Tally();
          for await (const batch of new FramedRead(source(chunks), new LengthDelimitedCodec()).batches()) {
            for (let i = 0; i < batch.length; i++) t.onFrame(batch[i]!);
          }
          t.check(frames, 'batches');
        },
      },
      {
        name: 'FramedRead + LengthDelimitedCodec, for await per frame',
        ours: true,
        run: async () => {
          const t = new Tally();
          for await (const frame of new FramedRead(source(chunks), new LengthDelimitedCodec()))
            t.onFrame(frame);
          t.check(frames, 'per frame');
        },
      },
      {
        // What the codec and its buffer cost without FramedRead: the least a Decoder over a BytesMut costs.
        name: 'LengthDelimitedCodec + BytesMut in a hand-written push loop (reference)',
        ours: true,
        run: async () => {
          const t = new Tally();
          const buf = new BytesMut();
          const codec = new LengthDelimitedCodec();
          for await (const chunk of source(chunks)) {
            buf.append(chunk);
            for (let f = codec.decode(buf); f !== undefined; f = codec.decode(buf)) t.onFrame(f);
          }
          t.check(frames, 'codec loop');
        },
      },
    ],
  };
}

function mixedLines(name: string, chunks: Uint8Array[], expect: number, bytes: number): Workload {
  return {
    name,
    ops: bytes,
    unit: 'B',
    floor: 'push floor (TextDecoder + indexOf, callback per line)',
    rounds: 9,
    contenders: [
      {
        name: 'push floor (TextDecoder + indexOf, callback per line)',
        run: async () => {
          const t = new Tally();
          await pushLines(source(chunks), t.onFrame);
          t.check(expect, 'floor');
        },
      },
      {
        name: 'FramedRead + LinesCodec, batches()',
        ours: true,
        run: async () => {
          const t = new Tally();
          for await (const batch of new FramedRead(source(chunks), new LinesCodec()).batches()) {
            for (let i = 0; i < batch.length; i++) t.onFrame(batch[i]!);
          }
          t.check(expect, 'batches');
        },
      },
      {
        name: 'FramedRead + LinesCodec, for await per line',
        ours: true,
        run: async () => {
          const t = new Tally();
          for await (const line of new FramedRead(source(chunks), new LinesCodec())) t.onFrame(line);
          t.check(expect, 'per line');
        },
      },
      {
        name: "node:readline, 'line' events",
        run: async () => {
          const t = new Tally();
          const rl = createInterface({
            input: Readable.from(source(chunks)),
            crlfDelay: Number.POSITIVE_INFINITY,
          });
          rl.on('line', t.onFrame);
          await once(rl, 'close');
          t.check(expect, 'readline');
        },
      },
      {
        name: 'TextDecoder alone, no splitting (reference)',
        run: async () => {
          const decoder = new TextDecoder();
          let chars = 0;
          for await (const chunk of source(chunks)) chars += decoder.decode(chunk, { stream: true }).length;
          chars += decoder.decode().length;
          if (chars < expect) throw new Error(`decoded ${chars} characters`);
        },
      },
    ],
  };
}

/** Effect's `splitLines` (it hands out lines in chunks), in a workload of its own: its heap slows what runs next. */
function effectLines(name: string, chunks: Uint8Array[], expect: number, bytes: number): Workload {
  return {
    name,
    ops: bytes,
    unit: 'B',
    rounds: 5,
    contenders: [
      {
        name: 'FramedRead + LinesCodec, batches()',
        ours: true,
        run: async () => {
          const t = new Tally();
          for await (const batch of new FramedRead(source(chunks), new LinesCodec()).batches()) {
            for (let i = 0; i < batch.length; i++) t.onFrame(batch[i]!);
          }
          t.check(expect, 'batches');
        },
      },
      {
        name: 'effect Stream.splitLines',
        run: async () => {
          const t = new Tally();
          await Effect.runPromise(
            EffectStream.fromAsyncIterable(source(chunks), (e) => e).pipe(
              EffectStream.decodeText(),
              EffectStream.splitLines,
              EffectStream.runForEachChunk((lines) =>
                Effect.sync(() => {
                  for (const line of lines) t.onFrame(line);
                }),
              ),
            ),
          );
          t.check(expect, 'effect');
        },
      },
    ],
  };
}

const ld = makeFrames();
const text = makeLines();
const mixed = makeMixedLines(true);
const ascii = makeMixedLines(false);
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
  pushLengthDelimited(
    'Batches: 64 MiB of u32-BE frames (1–4,096 B), chunks of 1 B–64 KiB, against a push decoder',
    cut(ld.wire, 64 * 1024, 3),
    ld.frames,
    ld.wire.length,
  ),
  pushLengthDelimited(
    'Batches: 64 MiB of u32-BE frames (1–4,096 B), chunks of 1–1,024 B, against a push decoder',
    cut(ld.wire, 1024, 4),
    ld.frames,
    ld.wire.length,
  ),
  mixedLines(
    'Batches: 32 MiB of lines of 0–200 code points, mixed UTF-8 (30 % 2/3/4-byte), chunks of 1 B–64 KiB',
    cut(mixed.wire, 64 * 1024, 8),
    mixed.lines,
    mixed.wire.length,
  ),
  mixedLines(
    'Batches: 32 MiB of lines of 0–200 code points, ASCII only, chunks of 1 B–64 KiB',
    cut(ascii.wire, 64 * 1024, 9),
    ascii.lines,
    ascii.wire.length,
  ),
  effectLines(
    'Batches: the mixed UTF-8 lines against Effect',
    cut(mixed.wire, 64 * 1024, 8),
    mixed.lines,
    mixed.wire.length,
  ),
]);
