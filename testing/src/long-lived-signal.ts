/**
 * One long-lived signal over many waits: it must keep no listener, and the heap must stay flat.
 */
import { select } from '@async/core';
import { expect } from 'vitest';
import { abortListeners, heapAfterGc, settle } from './heap';
import { expectTakes } from './probes';
import type { SelectBranch } from './protocol';
import type { SelectableSubject, SubjectSetup } from './selectable-subject';

const otherBranch = (): Promise<string> => Promise.resolve('other');

export async function longLivedLosers(s: SelectableSubject<unknown>, waits: number, bytesPerWait: number) {
  const { signal } = new AbortController();
  const round = async (): Promise<void> => {
    const result = await select({ x: s.branch() as SelectBranch, other: otherBranch }, { signal });
    if (result.key !== 'other')
      throw new Error('the resource was ready: the setup must make one that is not');
  };
  for (let i = 0; i < Math.min(10_000, waits); i++) await round(); // warm-up: compiled code in the baseline
  await settle();
  const before = heapAfterGc();
  for (let i = 0; i < waits; i++) await round();
  await settle();
  expect(abortListeners(signal), 'the signal keeps no listener once the selects settled').toBe(0);
  const growth = heapAfterGc() - before;
  expect(growth, `heap growth over ${waits} losing selects`).toBeLessThan(waits * bytesPerWait);
  await s.makeReady();
  expectTakes(s, `${waits} losing selects left no registration behind`);
}

export async function longLivedWinners(setup: SubjectSetup<unknown>, waits: number, bytesPerWait: number) {
  const { signal } = new AbortController();
  const round = async (i: number): Promise<void> => {
    const s = await setup();
    try {
      let value: unknown;
      if (s.wait !== undefined && i % 2 === 1) {
        const waiting = s.wait(signal);
        await s.makeReady();
        value = await waiting;
      } else {
        const waiting = select({ x: s.branch() as SelectBranch }, { signal });
        await s.makeReady();
        value = (await waiting)!.value;
      }
      s.release?.(value);
    } finally {
      s.teardown?.();
    }
  };
  for (let i = 0; i < Math.min(10_000, waits); i++) await round(i);
  await settle();
  const before = heapAfterGc();
  for (let i = 0; i < waits; i++) await round(i);
  await settle();
  expect(abortListeners(signal), 'the signal keeps no listener once the waits settled').toBe(0);
  const growth = heapAfterGc() - before;
  expect(growth, `heap growth over ${waits} completed waits`).toBeLessThan(waits * bytesPerWait);
}
