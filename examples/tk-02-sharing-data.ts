// TK-02: sharing data across tasks: the `Arc` story in JavaScript.
//
// Rust → TypeScript: `Arc<Vec<T>>` + `Arc::clone(&data)` → pass the same reference; the garbage
// collector does what Arc's reference count does (the data lives while a task can reach it). What Arc
// adds besides is immutability: an `Arc<T>` only hands out `&T`. In TypeScript, say so in the type
// (`readonly number[]`) and, at run time, `Object.freeze`. No `move` is needed: a closure captures
// the variable itself, so share values that do not change, or give each task its own copy.
import { JoinSet, spawn } from '@async/core';
import { isMain, type Out } from './is-main';

interface Stats {
  readonly task: string;
  readonly value: number;
}

export async function main(out: Out = console.log): Promise<void> {
  // Arc::new(vec![…]): one array, frozen, shared by every task.
  const data: readonly number[] = Object.freeze([3, 1, 4, 1, 5, 9, 2, 6]);

  await using set = new JoinSet<Stats>();
  const seen: (readonly number[])[] = [];
  // Arc::clone(&data) for each task: here each task simply captures `data`.
  set.spawn(async () => {
    seen.push(data);
    return { task: 'sum', value: data.reduce((a, b) => a + b, 0) };
  });
  set.spawn(async () => {
    seen.push(data);
    return { task: 'max', value: Math.max(...data) };
  });
  set.spawn(async () => {
    seen.push(data);
    return { task: 'count', value: data.length };
  });
  const results: string[] = [];
  for await (const { task, value } of set) results.push(`${task}=${value}`);
  out(`results: ${results.join(', ')}`);
  out(`every task saw the same array, not a copy: ${seen.every((d) => d === data)}`);

  // Trying to change shared data: Rust refuses at compile time (no `&mut` through an Arc); TypeScript
  // refuses at compile time for the `readonly` type, and the frozen array refuses at run time.
  const writer = spawn(async () => {
    (data as number[]).push(7);
  });
  const error = await writer.then(
    () => undefined,
    (e: unknown) => e,
  );
  out(`a task that mutates the frozen data fails: ${(error as Error & { cause: Error }).cause.name}`);
  out(`data unchanged: [${data.join(', ')}]`);

  // The other danger of capturing by reference: a variable that changes after spawn. A `let` in a `for`
  // loop is a fresh binding per iteration (like `move` of a copy); a variable shared by the loop is not.
  const readLater = (read: () => number) =>
    spawn(async () => {
      await null; // the task reads the variable after the loop went on
      return read();
    });
  const perIteration: PromiseLike<number>[] = [];
  for (let i = 0; i < 3; i++) perIteration.push(readLater(() => i));
  const sharedVar: PromiseLike<number>[] = [];
  let shared = 0;
  for (; shared < 3; shared++) sharedVar.push(readLater(() => shared));
  out(`loop with a fresh binding per task: ${(await Promise.all(perIteration)).join(', ')}`);
  out(`loop sharing one variable: ${(await Promise.all(sharedVar)).join(', ')}`);
}

if (isMain(import.meta)) await main();
