import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MaxLengthExceededError } from '@async/codec';
import { appendFile, chunks, copy, lines, readFile, writeFile } from '@async/net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dec } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'async-net-fs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => join(dir, `f${n++}`);

describe('files', () => {
  it('writeFile / readFile / appendFile round-trip bytes and strings, across chunk boundaries', async () => {
    const path = file();
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    await writeFile(path, big);
    expect(await readFile(path)).toEqual(big);
    await writeFile(path, 'héllo');
    await appendFile(path, ' wörld');
    expect(dec(await readFile(path))).toBe('héllo wörld');
    await writeFile(path, new Uint8Array(0));
    expect((await readFile(path)).length).toBe(0);
  });

  it('atomic writeFile replaces the file and leaves no temporary file; an aborted one leaves the old contents', async () => {
    const path = join(mkdtempSync(join(dir, 'atomic-')), 'target');
    await writeFile(path, 'old');
    await writeFile(path, 'new', { atomic: true });
    expect(dec(await readFile(path))).toBe('new');
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(writeFile(path, 'newer', { atomic: true, signal: ac.signal })).rejects.toThrow('stop');
    expect(dec(await readFile(path))).toBe('new');
    expect(readdirSync(join(path, '..'))).toEqual(['target']);
  });

  it('a write aborted part way: atomic leaves the target and no temporary file; plain leaves whole chunks', async () => {
    const target = join(mkdtempSync(join(dir, 'partial-')), 'target');
    await writeFile(target, 'old');
    const data = new Uint8Array(16 * 1024 * 1024).fill(1); // 256 chunks: each needs a turn of the event loop
    for (const atomic of [true, false]) {
      const ac = new AbortController();
      const writing = writeFile(target, data, { atomic, signal: ac.signal });
      setImmediate(() => ac.abort(new Error('stop')));
      await expect(writing).rejects.toThrow('stop');
      expect(readdirSync(join(target, '..'))).toEqual(['target']);
      const left = await readFile(target);
      if (atomic) expect(dec(left)).toBe('old');
      else {
        expect(left.length % (64 * 1024)).toBe(0); // whole chunks of the new data
        expect(left.length).toBeLessThan(data.length);
        expect(left.every((b) => b === 1)).toBe(true);
      }
    }
  });

  it('copy returns the byte count and copies exactly', async () => {
    const from = file();
    const to = file();
    const data = new Uint8Array(150_001).map((_, i) => (i * 7) % 256);
    await writeFile(from, data);
    expect(await copy(from, to)).toBe(data.length);
    expect(await readFile(to)).toEqual(data);
  });

  it('chunks yields chunkSize pieces and stops at an abort within one chunk', async () => {
    const path = file();
    await writeFile(path, new Uint8Array(10_000));
    const sizes: number[] = [];
    for await (const c of chunks(path, { chunkSize: 4096 })) sizes.push(c.length);
    expect(sizes).toEqual([4096, 4096, 1808]);
    const ac = new AbortController();
    let seen = 0;
    await expect(
      (async () => {
        for await (const _ of chunks(path, { chunkSize: 1000, signal: ac.signal })) {
          if (++seen === 2) ac.abort(new Error('enough'));
        }
      })(),
    ).rejects.toThrow('enough');
    expect(seen).toBe(2);
  });

  it('lines splits on \\n and \\r\\n and enforces maxLength', async () => {
    const path = file();
    await writeFile(path, 'a\r\nbb\n\nlast');
    const got: string[] = [];
    for await (const l of lines(path)) got.push(l);
    expect(got).toEqual(['a', 'bb', '', 'last']);
    await writeFile(path, 'short\nthis line is too long\n');
    const it = lines(path, { maxLength: 8 });
    expect((await it.next()).value).toBe('short');
    await expect(it.next()).rejects.toSatisfy(MaxLengthExceededError.is);
  });

  it('lines of any text written with any line endings give back the lines (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s)),
          { maxLength: 20 },
        ),
        fc.boolean(),
        async (ls, crlf) => {
          const path = file();
          await writeFile(path, ls.map((l) => l + (crlf ? '\r\n' : '\n')).join(''));
          const got: string[] = [];
          for await (const l of lines(path)) got.push(l);
          expect(got).toEqual(ls);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('bad input throws at the call site naming the parameter', () => {
    expect(() => chunks('' as never)).toThrow(/path must be a non-empty string, got "" \(string\)/);
    expect(() => chunks('x', { chunkSize: 0 })).toThrow(/chunkSize must be an integer >= 1/);
    expect(() => lines('x', { maxLen: 1 } as never)).toThrow(/unknown option 'maxLen'/);
    return expect(writeFile('x', 5 as never)).rejects.toThrow(
      /data must be a Uint8Array or a string, got 5 \(number\)/,
    );
  });
});
