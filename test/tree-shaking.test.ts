// Importing one primitive bundles only it and what it uses.
//
// Each entry below imports one primitive from a package's built `dist`, as an application would
// (through the package's `exports` and `sideEffects: false`), and is bundled with esbuild twice:
// readable, to check by name which classes and functions the bundle keeps, and minified, to weigh it
// (min+gzip) against the primitive's budget. The sizes are printed at the end of the run.
//
// What used to keep code in every bundle, and must not come back: a class whose body has a method
// under an imported symbol key (`[selectTry]() {…}`; bundlers keep such a class, since evaluating the
// key could run code — the protocol methods are installed by `implementSelectable` instead), and
// module-level calls bundlers cannot know to be pure (`Promise.resolve()`, `Object.freeze(…)`,
// `new TextDecoder()`, a spread, reading a property of `globalThis`) without a `/* @__PURE__ */` mark.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureBuilt, packageNames as packages, root } from './support/built';

interface Entry {
  /** What the entry file imports (and re-exports, so that nothing is dropped as unused). */
  readonly source: string;
  /** min+gzip budget in kB (1 kB = 1000 bytes). */
  readonly budget: number;
  /** Top-level names the bundle must not declare: the package's other primitives and core's unused parts. */
  readonly absent: readonly string[];
  /** Names it must declare: the primitive itself (so that a check of absence is not vacuous). */
  readonly present: readonly string[];
}

// Core's parts that a primitive which does not use them must not drag along.
const coreExtras = ['CancellationToken', 'JoinSet', 'Scope', 'select', 'Settlement', 'Runtime'];

const entries: Record<string, Entry> = {
  spawn: {
    source: "export { spawn } from '@async/core';",
    budget: 2.5,
    present: ['spawn', 'JoinHandle'],
    absent: [...coreExtras, 'Wakers', 'BatchSemaphore', 'hostClock', 'LongTimer'],
  },
  sleep: {
    source: "export { sleep } from '@async/time';",
    budget: 5,
    present: ['sleep', 'Sleep'],
    absent: [...coreExtras, 'Interval', 'TestClock', 'timeout', 'TimeoutError', 'hostTurn'],
  },
  timeout: {
    source: "export { timeout } from '@async/time';",
    budget: 4.5,
    present: ['timeout', 'TimeoutError'],
    absent: [...coreExtras, 'Interval', 'TestClock', 'Sleep', 'Wakers', 'hostTurn'],
  },
  Mutex: {
    source: "export { Mutex } from '@async/sync';",
    budget: 3.2,
    present: ['Mutex'],
    absent: [...coreExtras, 'Wakers', 'Semaphore', 'RwLock', 'Notify', 'Barrier', 'OnceCell'],
  },
  Semaphore: {
    source: "export { Semaphore } from '@async/sync';",
    budget: 3.6,
    present: ['Semaphore'],
    absent: [...coreExtras, 'Wakers', 'Mutex', 'RwLock', 'Notify', 'Barrier', 'OnceCell'],
  },
  mpsc: {
    source: "export { mpsc } from '@async/channels';",
    budget: 5.2,
    present: ['channel', 'unbounded', 'Receiver'],
    absent: [
      ...coreExtras,
      'Wakers',
      'broadcast',
      'BroadcastReceiver',
      'oneshot',
      'OneshotReceiver',
      'watch',
      'WatchReceiver',
      'LaggedError',
    ],
  },
  oneshot: {
    source: "export { oneshot } from '@async/channels';",
    budget: 2.8,
    present: ['oneshot', 'OneshotReceiver'],
    absent: [
      ...coreExtras,
      'Wakers',
      'mpsc',
      'Chan',
      'Permit',
      'UnboundedSender',
      'broadcast',
      'BroadcastReceiver',
      'watch',
      'WatchReceiver',
      'LaggedError',
    ],
  },
  LinesCodec: {
    source: "export { LinesCodec } from '@async/codec';",
    budget: 2.8,
    present: ['LinesCodec'],
    absent: [
      ...coreExtras,
      'LengthDelimitedCodec',
      'JsonCodec',
      'BytesCodec',
      'AnyDelimiterCodec',
      'FramedRead',
      'FramedWrite',
      'Framed',
      'FRAMED_OPTIONS',
      'JSON_CODEC_OPTIONS',
    ],
  },
  LengthDelimitedCodec: {
    source: "export { LengthDelimitedCodec } from '@async/codec';",
    budget: 2.4,
    present: ['LengthDelimitedCodec'],
    absent: [
      ...coreExtras,
      'LinesCodec',
      'JsonCodec',
      'BytesCodec',
      'FramedRead',
      'FramedWrite',
      'Framed',
      'lossyUtf8',
      'FRAMED_OPTIONS',
      'JSON_CODEC_OPTIONS',
    ],
  },
  'pipe+map': {
    source: "export { map, pipe } from '@async/stream';",
    budget: 1.9,
    present: ['pipe', 'map'],
    absent: [...coreExtras, 'Wakers', 'throttle', 'merge', 'StreamMap', 'zip', 'Sleep', 'HeapClock'],
  },
};

/** The names a readable esbuild bundle declares at its top level (`Name`, or `Name2` once renamed). */
function declaredNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/^(?:var|let|const|class|function|async function) ([\w$]+?)\d*\b/gm)) {
    names.add(m[1]!);
  }
  return names;
}

describe('importing one primitive bundles only it and what it uses', () => {
  ensureBuilt();
  // A project whose node_modules links every package, so esbuild resolves them as an application
  // would: through `exports`, honouring `sideEffects: false`.
  const project = mkdtempSync(join(tmpdir(), 'async-treeshake-'));
  mkdirSync(join(project, 'node_modules/@async'), { recursive: true });
  for (const p of packages)
    symlinkSync(join(root, 'packages', p), join(project, 'node_modules/@async', p), 'dir');
  const sizes: [string, number, number][] = [];

  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
    const rows = sizes.map(
      ([name, size, budget]) =>
        `  ${name.padEnd(22)} ${(size / 1000).toFixed(2).padStart(5)} kB   budget ${budget.toFixed(1)} kB`,
    );
    console.log(`min+gzip of one import (esbuild --minify, gzip -9):\n${rows.join('\n')}`);
  });

  const bundle = async (source: string, minify: boolean): Promise<string> => {
    const result = await build({
      stdin: { contents: source, resolveDir: project, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      minify,
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  };

  test.each(Object.entries(entries))('%s', async (name, entry) => {
    const declared = declaredNames(await bundle(entry.source, false));
    for (const n of entry.present) expect(declared, `${name} bundle declares ${n}`).toContain(n);
    expect(entry.absent.filter((n) => declared.has(n))).toEqual([]);

    const size = gzipSync(await bundle(entry.source, true), { level: 9 }).length;
    sizes.push([name, size, entry.budget]);
    expect(size / 1000, `${name}: min+gzip in kB`).toBeLessThanOrEqual(entry.budget);
  });
});
