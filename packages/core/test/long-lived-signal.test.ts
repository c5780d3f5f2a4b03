import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { join } from '../src/join';
import { select } from '../src/select';
import { spawn } from '../src/task';
import { ToyQueue } from './toy-selectable';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('a single long-lived AbortSignal', () => {
  test('passed to 1,000,000 operations that waited leaves no listener and no heap growth', async () => {
    const controller = new AbortController();
    const signal = controller.signal;
    const q = new ToyQueue<number>();
    const round = async (i: number) => {
      switch (i % 3) {
        case 0:
          await spawn(async () => i, { signal });
          break;
        case 1: {
          const waiting = select({ q }, { signal });
          q.push(i);
          await waiting;
          break;
        }
        default:
          await join([Promise.resolve(i)], { signal });
      }
    };
    for (let i = 0; i < 30_000; i++) await round(i); // warm-up, so the baseline includes compiled code
    await null;
    const before = heapAfterGc();
    for (let i = 0; i < 1_000_000; i++) await round(i);
    await null;
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    const growth = heapAfterGc() - before;
    expect(growth).toBeLessThan(1024 * 1024);
  }, 60_000);
});
