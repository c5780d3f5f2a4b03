import { getEventListeners } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileClosedError, FileWriter } from '@async/net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'async-net-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => join(dir, `w${n++}`);
const contents = (path: string) => readFileSync(path, 'utf8');
/** The file descriptors this process has open (Linux). */
const openFds = () => readdirSync('/proc/self/fd').length;

describe('FileWriter', () => {
  it('gathers small writes in the buffer; flush writes them', async () => {
    const path = file();
    await using out = await FileWriter.open(path);
    await out.write('ab');
    await out.write(new Uint8Array([99]));
    expect(out.buffered).toBe(3);
    expect(contents(path)).toBe(''); // nothing reached the file yet
    await out.flush();
    expect(out.buffered).toBe(0);
    expect(contents(path)).toBe('abc');
  });

  it('a write that does not fit writes the buffer first; one as large as the buffer goes straight to the file', async () => {
    const path = file();
    await using out = await FileWriter.open(path, { capacity: 8 });
    await out.write('12345');
    await out.write('67890'); // 10 > 8: the first five are written, these five buffered
    expect(contents(path)).toBe('12345');
    expect(out.buffered).toBe(5);
    await out.write('abcdefghij'); // ≥ capacity: the buffer, then the data, in order
    expect(contents(path)).toBe('1234567890abcdefghij');
    expect(out.buffered).toBe(0);
  });

  it('close flushes; later calls reject with FileClosedError naming the path; close again is the same promise', async () => {
    const path = file();
    const out = await FileWriter.open(path);
    await out.write('kept');
    const closing = out.close();
    expect(out.close()).toBe(closing);
    await closing;
    expect(contents(path)).toBe('kept');
    for (const late of [out.write('x'), out.flush(), out.sync()]) {
      await expect(late).rejects.toSatisfy(
        (e: unknown) => FileClosedError.is(e) && (e as Error).message.includes(path),
      );
    }
  });

  it('append adds to the file; sync writes and resolves once on the disk', async () => {
    const path = file();
    {
      await using out = await FileWriter.open(path);
      await out.write('one\n');
    }
    await using out = await FileWriter.open(path, { append: true });
    await out.write('two\n');
    await out.sync();
    expect(contents(path)).toBe('one\ntwo\n');
  });

  it('calls made without awaiting each run in call order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constant('<flush>')), { maxLength: 30 }),
        async (capacity, calls) => {
          const path = file();
          const out = await FileWriter.open(path, { capacity });
          const pending = calls.map((c) => (c === '<flush>' ? out.flush() : out.write(c)));
          await Promise.all([...pending, out.close()]);
          expect(contents(path)).toBe(calls.filter((c) => c !== '<flush>').join(''));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an aborted waiting write took none of its data, left its queue and keeps no listener', async () => {
    const path = file();
    await using out = await FileWriter.open(path, { capacity: 4 });
    const ac = new AbortController();
    const first = out.write('12345678'); // runs: writes to the file
    const second = out.write('abcdefgh', { signal: ac.signal }); // waits for the first
    const third = out.write('xy');
    expect(getEventListeners(ac.signal, 'abort').length).toBe(1);
    ac.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
    expect(getEventListeners(ac.signal, 'abort').length).toBe(0);
    await Promise.all([first, third, out.flush()]);
    expect(contents(path)).toBe('12345678xy');
  });

  it('a flush with an aborted signal loses nothing: the bytes stay buffered', async () => {
    const path = file();
    await using out = await FileWriter.open(path);
    await out.write('abc');
    await expect(out.flush({ signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
    await expect(out.write('d', { signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
    expect(out.buffered).toBe(3);
    await out.flush();
    expect(contents(path)).toBe('abc');
  });

  it('an aborted close rejects at once and still closes the file, dropping the buffer', async () => {
    const path = file();
    const fds = openFds();
    const out = await FileWriter.open(path, { capacity: 4 });
    expect(openFds()).toBe(fds + 1);
    const ac = new AbortController();
    const busy = out.write('123456'); // runs
    const queued = out.write('ab'); // waits behind it, then is buffered
    const closing = out.close({ signal: ac.signal }); // waits behind both
    ac.abort(new Error('give up'));
    await expect(closing).rejects.toThrow('give up');
    await Promise.all([busy, queued]);
    await until(() => openFds() === fds); // the close came once the calls before it were done
    await expect(out.write('z')).rejects.toSatisfy(FileClosedError.is);
    await using again = await FileWriter.open(path, { append: true });
    await again.write('!');
    await again.flush();
    expect(contents(path)).toBe('123456!');
  });

  it('bad input throws at the call site naming the parameter', async () => {
    await expect(FileWriter.open('')).rejects.toThrow(/path must be a non-empty string, got "" \(string\)/);
    await expect(FileWriter.open(file(), { capacity: 0 })).rejects.toThrow(
      /capacity must be an integer >= 1/,
    );
    await expect(FileWriter.open(file(), { append: 'yes' } as never)).rejects.toThrow(
      /append must be a boolean/,
    );
    await expect(FileWriter.open(file(), { size: 1 } as never)).rejects.toThrow(/unknown option 'size'/);
    await using out = await FileWriter.open(file());
    expect(() => out.write(5 as never)).toThrow(/data must be a Uint8Array or a string, got 5 \(number\)/);
    expect(() => out.flush({ signal: 'x' } as never)).toThrow(/signal/);
  });
});
