import { expect, test } from 'vitest';
import { main } from '../rt-05-runtime-agnostic';

test('the portable library runs and cancels on Node; the host is detected and described', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    `running on Node ${process.versions.node}`,
    '  process signals for run(): yes',
    '  threads: node:worker_threads',
    '  yieldNow uses: setImmediate',
    'library result: 2, 4, 6, 8, 10',
    'cancelled library call: the user left',
    'on a browser: process signals for run(): no; threads: Web Workers; yieldNow uses: setTimeout(0)',
  ]);
});

test('runtime detection reads the host it is given', async () => {
  const { detectRuntime } = await import('../rt-05-runtime-agnostic');
  expect(detectRuntime({ Deno: { version: { deno: '2.1.0' } } })).toBe('Deno 2.1.0');
  expect(detectRuntime({ Bun: { version: '1.2.0' }, process: { versions: { node: '22.0.0' } } })).toBe(
    'Bun 1.2.0',
  );
  expect(detectRuntime({})).toBe('an unknown runtime');
});
