// The built package's `mpsc` is the frozen object of mpsc-object.ts, while its declarations and these
// tests see index.ts's namespace: the two must hold the same members.
import { expect, test } from 'vitest';
import * as namespace from '../src/mpsc';
import { mpsc } from '../src/mpsc-object';

test('the run-time mpsc object holds exactly the members of the mpsc namespace', () => {
  expect(Object.keys(mpsc).sort()).toEqual(Object.keys(namespace).sort());
  for (const [name, member] of Object.entries(namespace)) {
    expect(mpsc[name as keyof typeof mpsc], name).toBe(member);
  }
});

test('like a namespace object, it cannot be changed and has no prototype', () => {
  expect(Object.isFrozen(mpsc)).toBe(true);
  expect(Object.getPrototypeOf(mpsc)).toBe(null);
  expect('toString' in mpsc).toBe(false);
});

test('it works as the namespace does', async () => {
  const [tx, rx] = mpsc.channel<number>(1);
  expect(tx).toBeInstanceOf(mpsc.Sender);
  expect(rx).toBeInstanceOf(mpsc.Receiver);
  await tx.send(7);
  expect(await rx.recv()).toBe(7);
});
