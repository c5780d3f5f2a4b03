// TK-07: a CancellationToken with child tokens (tokio_util::sync::CancellationToken).
//
// Rust → TypeScript: `token.child_token()` → `token.child()`; `tokio::select! { _ = token.cancelled() =>
// …, _ = work => … }` → `select({ cancelled: token, work })` (a token is selectable);
// `token.drop_guard()` → `using child = token.child()` (disposing cancels). For APIs that take an
// `AbortSignal` (fetch, timers, streams), pass `token.signal`.
import { setTimeout as sleep } from 'node:timers/promises';
import { CancellationToken, JoinSet, select } from '@async/core';
import { isMain, type Out } from './is-main';

/** A worker that waits for a job that never comes, until its token is cancelled. */
function worker(name: string, token: CancellationToken, out: Out) {
  return async () => {
    const job = new Promise<string>(() => {}); // in the seed, a ten-second sleep
    const winner = await select({ cancelled: token, job });
    out(`${name}: ${winner.key === 'cancelled' ? 'cancelled' : 'completed normally'}`);
  };
}

export async function main(out: Out = console.log): Promise<void> {
  const root = new CancellationToken();
  const uploads = root.child();
  const downloads = root.child();

  await using set = new JoinSet<void>();
  set.spawn(worker('upload 1', uploads, out));
  set.spawn(worker('upload 2', uploads, out));
  set.spawn(worker('download 1', downloads, out));

  // Cancelling a child stops its own workers only: not its sibling, not its parent.
  uploads.cancel();
  await set.joinNext();
  await set.joinNext();
  out(`after uploads.cancel(): root ${root.isCancelled}, downloads ${downloads.isCancelled}`);

  // Cancelling the root cancels every descendant.
  root.cancel();
  await set.joinNext();
  out(
    `after root.cancel(): downloads ${downloads.isCancelled}, its signal aborted ${downloads.signal.aborted}`,
  );

  // A child token as a drop guard: leaving the block cancels what was started inside it.
  const server = new CancellationToken();
  {
    using request = server.child();
    // Anything that takes an AbortSignal can be cancelled by the token.
    sleep(60_000, undefined, { signal: request.signal }).catch((e: Error) => out(`request timer: ${e.name}`));
    out('handling a request');
  }
  await sleep(0);
  out(`server token still live: ${!server.isCancelled}`);
}

if (isMain(import.meta)) await main();
