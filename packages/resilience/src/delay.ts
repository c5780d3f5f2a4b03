/**
 * An abortable wait on a clock, for backoffs and hedging delays: one clock timer, and one waiter per
 * signal in core's one-listener-per-signal table. Rejects with the reason of whichever signal aborts
 * first; leaves no timer and no listener behind either way.
 */
import { type Clock, unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';

class SignalWatch extends Waiter {
  constructor(readonly delay: Delay) {
    super();
  }
  onAbort(reason: unknown): void {
    this.delay.abort(reason);
  }
}

class Delay {
  timer: unknown = undefined;
  a: SignalWatch | undefined = undefined;
  b: SignalWatch | undefined = undefined;
  constructor(
    readonly clock: Clock,
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
  ) {}
  readonly fire = (): void => {
    this.timer = undefined;
    this.unwatch();
    this.resolve();
  };
  abort(reason: unknown): void {
    if (this.timer !== undefined) this.clock.cancel(this.timer);
    this.timer = undefined;
    this.unwatch();
    this.reject(reason);
  }
  unwatch(): void {
    if (this.a !== undefined) unwatchAbort(this.a);
    if (this.b !== undefined) unwatchAbort(this.b);
    this.a = this.b = undefined;
  }
}

/**
 * Resolves after `ms` on `clock`; rejects with the reason of `a` or `b` if either aborts first (or is
 * aborted already). The timer holds the process open unless `unref`: somebody is waiting on it.
 */
export function delay(
  clock: Clock,
  ms: number,
  a: AbortSignal | undefined,
  b?: AbortSignal | undefined,
  unref = false,
): Promise<void> {
  if (a?.aborted) return Promise.reject(a.reason);
  if (b?.aborted) return Promise.reject(b.reason);
  return new Promise<void>((resolve, reject) => {
    const d = new Delay(clock, resolve, reject);
    d.timer = clock.schedule(clock.now() + ms, d.fire, { unref });
    if (a !== undefined) watchAbort((d.a = new SignalWatch(d)), a);
    if (b !== undefined && b !== a) watchAbort((d.b = new SignalWatch(d)), b);
  });
}
