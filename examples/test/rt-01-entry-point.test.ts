import { afterEach, expect, test } from 'vitest';
import { main } from '../rt-01-entry-point';

afterEach(() => {
  process.exitCode = undefined;
});

test('run gives each program its exit code and reports failures, including unawaited task failures', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line), false);
  expect(lines).toEqual([
    'a program whose main throws:',
    '  report: main failed: config file missing',
    '  exit code 1',
    'a program with a task that fails while nobody awaits it:',
    "  report: main: task 'flush-cache' failed and nobody awaited it: disk full",
    '  exit code 1',
    'a program that returns its own code:',
    '  exit code 3',
    'this program:',
    '  Hello from @async!',
    '  the answer is 42; cancelled: false',
    '  exit code 0',
  ]);
  expect(process.exitCode).toBeUndefined();
});

test('by default run sets process.exitCode from what the program returns', async () => {
  await main(() => {});
  expect(process.exitCode).toBe(0);
});
