// TK-03: cancel a running task through its handle (JoinHandle::abort).
//
// Rust → TypeScript: tokio drops an aborted task's future at its next `.await`. JavaScript cannot stop
// a function from outside, so cancellation is cooperative: `handle.abort()` aborts the task's
// `AbortSignal`, and the task passes that signal to what it awaits (here `setImmediate` from
// node:timers/promises, which rejects once the signal aborts). `Drop` of the task's locals →
// `finally`. `JoinError::is_cancelled()` → `error.isCancelled()`.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { JoinError, spawn } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  let reachedStep3!: () => void;
  const atStep3 = new Promise<void>((resolve) => (reachedStep3 = resolve));

  const worker = spawn(async (signal) => {
    try {
      for (let step = 1; ; step++) {
        out(`working: step ${step}`);
        if (step === 3) reachedStep3();
        await nextTurn(undefined, { signal }); // rejects when the task is aborted
      }
    } finally {
      out('cleanup ran (the Drop of the task)');
    }
  });

  await atStep3; // in the Rust original, a sleep of 350 ms
  worker.abort();
  out(`aborted; finished yet: ${worker.isFinished()}`);
  try {
    await worker;
  } catch (error) {
    if (JoinError.is(error))
      out(`join error: cancelled=${error.isCancelled()}, failure=${error.isFailure()}`);
  }
  worker.abort(); // aborting again, or a finished task, is harmless

  // Cancellation is cooperative: a task that ignores its signal runs to the end and keeps its value.
  const stubborn = spawn(async (_signal) => {
    await nextTurn();
    return 'finished anyway';
  });
  stubborn.abort();
  out(`a task that ignores its signal: ${await stubborn}`);

  // A task aborted through an outer signal before it starts never runs at all.
  const controller = new AbortController();
  controller.abort();
  let ran = false;
  const never = spawn(
    async () => {
      ran = true;
    },
    { signal: controller.signal },
  );
  const outcome = await never.then(
    () => 'ok',
    (e: unknown) => (JoinError.is(e) && e.isCancelled() ? 'cancelled' : 'failed'),
  );
  out(`spawned with an aborted signal: ${outcome}, ran=${ran}`);
}

if (isMain(import.meta)) await main();
