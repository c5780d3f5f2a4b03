/**
 * The abort signal {@link timeout} gives a function operation, made only when the operation uses it.
 *
 * # Implementation notes
 *
 * Making an `AbortSignal` costs far more than the rest of a timeout on Node: reading `.signal` of a
 * fresh `AbortController` takes about 7 µs on Node 20 (it builds an `EventTarget` and then changes its
 * prototype), 15–30 times a `setTimeout` + `clearTimeout` pair. Most operations settle before their
 * deadline, and many never look at their signal, so the signal is made lazily: the operation gets a
 * `Proxy` that stands in for it, and the real signal is made when anyone first touches the stand-in
 * (reads `aborted`, adds a listener, passes it to `fetch`, which reads it), already aborted if the
 * call is over by then.
 *
 * A proxy is transparent only where `AbortSignal` is written in JavaScript and keeps its state in
 * properties (Node, Deno): there the host's own code — `fetch`, `AbortSignal.any`, `events.once`,
 * `node:timers/promises`, `node:fs` — reads the state through the proxy and works unchanged. Where it
 * is a native object (Bun, browsers), its methods and `fetch` check the object's brand and would throw
 * on a proxy. The module checks once, at load, which kind the runtime has (by calling the `aborted`
 * getter of `AbortSignal.prototype` on a proxy); where proxies do not pass, every call makes a real
 * signal at once, as before (making one costs about 1 µs on Bun; on Deno, which takes the stand-in,
 * about 0.2 µs).
 *
 * What the stand-in cannot hide: it is not the object the host hands to listeners, so in an `abort`
 * listener `event.target` is the underlying signal, not the stand-in (`===` between them is false).
 */

/**
 * The signal of one call's operation: {@link OpSignal.signal} is what the operation gets, a stand-in
 * made real on first use where the runtime allows it (else a real signal made at once), and
 * {@link OpSignal.abort} aborts it, or makes it aborted when it is made later.
 */
export class OpSignal {
  /** What the operation is given. */
  readonly signal: AbortSignal;
  private controller: AbortController | undefined = undefined;
  private made: AbortSignal | undefined = undefined;
  private aborted = false;
  private reason: unknown = undefined;

  constructor() {
    if (lazyPasses) this.signal = new Proxy(this, forward) as unknown as AbortSignal;
    else this.signal = this.real;
  }

  /** The real signal, made now if nobody touched the stand-in before. */
  get real(): AbortSignal {
    let signal = this.made;
    if (signal === undefined) {
      if (this.aborted) signal = AbortSignal.abort(this.reason);
      else signal = (this.controller = new AbortController()).signal;
      this.made = signal;
    }
    return signal;
  }

  /** Aborts the signal with `reason` (or, if it was not made yet, makes it aborted when it is). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** Forwards everything to the real signal, making it on the first touch. */
const forward: ProxyHandler<OpSignal> = {
  get: (op, key) => {
    const real = op.real;
    return Reflect.get(real, key, real);
  },
  set: (op, key, value) => {
    const real = op.real;
    return Reflect.set(real, key, value, real);
  },
  has: (op, key) => Reflect.has(op.real, key),
  ownKeys: (op) => Reflect.ownKeys(op.real),
  getOwnPropertyDescriptor: (op, key) => {
    const d = Reflect.getOwnPropertyDescriptor(op.real, key);
    // The proxy's target (the OpSignal) has no such property: the descriptor must say configurable.
    if (d !== undefined) d.configurable = true;
    return d;
  },
  defineProperty: (op, key, descriptor) => Reflect.defineProperty(op.real, key, descriptor),
  deleteProperty: (op, key) => Reflect.deleteProperty(op.real, key),
  getPrototypeOf: () => AbortSignal.prototype,
};

/** Whether this runtime's `AbortSignal` works through a forwarding proxy (see the notes above). */
function proxiesPass(): boolean {
  try {
    const target = { real: new AbortController().signal } as OpSignal;
    const aborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')?.get;
    return aborted?.call(new Proxy(target, forward)) === false;
  } catch {
    return false;
  }
}

const lazyPasses = typeof Proxy === 'function' && typeof AbortSignal === 'function' && proxiesPass();
