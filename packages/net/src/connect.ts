import type { Socket } from 'node:net';
import { sleep } from '@async/time';
import { ConnectionTimedOutError, fromNodeError } from './errors';

/**
 * Waits for a connecting `socket` to emit `readyEvent` (`'secureConnect'` for TLS); on an error, an abort of `signal` or the end of
 * `timeout` (on the default clock) it destroys the socket and rejects, naming `address`.
 */
export function connectSocket(
  socket: Socket,
  address: string,
  signal: AbortSignal | undefined,
  timeout: number | undefined,
  readyEvent = 'connect',
): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const timer = timeout === undefined ? undefined : sleep(timeout);
    const finish = (error: unknown, failed: boolean): void => {
      socket.off(readyEvent, onConnect).off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      timer?.[Symbol.dispose]();
      if (!failed) {
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(error);
    };
    const onConnect = (): void => finish(undefined, false);
    const onError = (e: unknown): void => finish(fromNodeError(e, address), true);
    const onAbort = (): void => finish(signal!.reason, true);
    socket.once(readyEvent, onConnect).once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    timer?.then(
      () => finish(new ConnectionTimedOutError(`connection timed out after ${timeout} ms`, address), true),
      () => {},
    );
  });
}
