// @async/resilience against a bare `await op()` floor, hand-written policies and the peers: cockatiel,
// opossum, p-retry, limiter, rate-limiter-flexible. Run with `pnpm bench resilience`.
//
// Every workload measures the success path: the overhead a policy adds around an operation that
// resolves at once, per call. Slow peers (p-retry, opossum, rate-limiter-flexible) meet ours in
// workloads of their own, last.
import {
  bulkhead,
  circuitBreaker,
  consecutive,
  constant,
  retry,
  timeout,
  tokenBucket,
  wrap,
} from '@async/resilience';
import {
  ConsecutiveBreaker,
  ConstantBackoff,
  bulkhead as ckBulkhead,
  circuitBreaker as ckCircuitBreaker,
  retry as ckRetry,
  timeout as ckTimeout,
  wrap as ckWrap,
  handleAll,
  TimeoutStrategy,
} from 'cockatiel';
import { RateLimiter as LimiterRateLimiter } from 'limiter';
import CircuitBreaker from 'opossum';
import pRetry from 'p-retry';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { runSuite } from './harness';

const CALLS = 1_000_000;
const WRAPPED = 100_000;
const SLOW = 20_000;
const CONCURRENT = 16;
const DECISIONS = 2_000_000;

/** The operation every policy runs: already resolving. */
const op = (): Promise<number> => Promise.resolve(1);

function check(actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`invariant broken: ${actual} !== ${expected}`);
}

/** Runs `loop(n / CONCURRENT)` on 16 concurrent callers and checks the total. */
async function concurrently(n: number, loop: (count: number) => Promise<number>): Promise<void> {
  const all: Promise<number>[] = [];
  for (let i = 0; i < CONCURRENT; i++) all.push(loop(n / CONCURRENT));
  let total = 0;
  for (const t of await Promise.all(all)) total += t;
  check(total, n);
}

// ---------------------------------------------------------------- hand-written references

/** The simplest correct retry loop: try, catch, wait a fixed delay, try again. */
async function handRetry<T>(fn: () => Promise<T>, maxAttempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A counter breaker: opens after 5 failures in a row for 10 s. */
class HandBreaker {
  private failures = 0;
  private openUntil = 0;
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.failures >= 5 && performance.now() < this.openUntil) throw new Error('open');
    try {
      const value = await fn();
      this.failures = 0;
      return value;
    } catch (error) {
      if (++this.failures >= 5) this.openUntil = performance.now() + 10_000;
      throw error;
    }
  }
}

/** A counting bulkhead with a FIFO of resolvers (no abort, no queue bound). */
class HandBulkhead {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private head = 0;
  constructor(private readonly max: number) {}
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      if (this.head < this.waiters.length) {
        const next = this.waiters[this.head]!;
        this.waiters[this.head++] = undefined as never;
        if (this.head === this.waiters.length) this.waiters.length = this.head = 0;
        next();
      } else this.active--;
    }
  }
}

/** Retry + breaker + cooperative timeout in one function, as one would write it by hand. */
const handBreaker3 = new HandBreaker();
async function handThree<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handBreaker3.call(() => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 10_000);
        return fn(controller.signal).finally(() => clearTimeout(timer));
      });
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A token bucket, hand-written: refill on each decision from the time since the last. */
class HandBucket {
  private tokens: number;
  private last = performance.now();
  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
  ) {
    this.tokens = capacity;
  }
  tryTake(): boolean {
    const now = performance.now();
    let tokens = this.tokens + (now - this.last) * this.perMs;
    if (tokens > this.capacity) tokens = this.capacity;
    this.last = now;
    if (tokens < 1) {
      this.tokens = tokens;
      return false;
    }
    this.tokens = tokens - 1;
    return true;
  }
}

// ---------------------------------------------------------------- floor

async function floorSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await op();
  check(sum, CALLS);
}
async function floorLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await op();
  return sum;
}
async function floorWrapped(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await op();
  check(sum, WRAPPED);
}
async function floorSlow(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < SLOW; i++) sum += await op();
  check(sum, SLOW);
}

// ---------------------------------------------------------------- retry

const ourRetry = retry({ maxAttempts: 3, backoff: constant(100) });
const ckRetryPolicy = ckRetry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(100) });

async function handRetrySingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await handRetry(op, 3);
  check(sum, CALLS);
}
async function ourRetrySingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await ourRetry.execute(op);
  check(sum, CALLS);
}
async function ckRetrySingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await ckRetryPolicy.execute(op);
  check(sum, CALLS);
}
async function handRetryLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await handRetry(op, 3);
  return sum;
}
async function ourRetryLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await ourRetry.execute(op);
  return sum;
}
async function ckRetryLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await ckRetryPolicy.execute(op);
  return sum;
}
async function ourRetrySlow(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < SLOW; i++) sum += await ourRetry.execute(op);
  check(sum, SLOW);
}
async function pRetrySlow(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < SLOW; i++) sum += await pRetry(op, { retries: 2 });
  check(sum, SLOW);
}

// ---------------------------------------------------------------- circuit breaker

const handBreaker = new HandBreaker();
const ourBreaker = circuitBreaker({ breaker: consecutive(5), halfOpenAfter: 10_000 });
const ckBreaker = ckCircuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });

async function handBreakerSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await handBreaker.call(op);
  check(sum, CALLS);
}
async function ourBreakerSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await ourBreaker.execute(op);
  check(sum, CALLS);
}
async function ckBreakerSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await ckBreaker.execute(op);
  check(sum, CALLS);
}
async function handBreakerLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await handBreaker.call(op);
  return sum;
}
async function ourBreakerLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await ourBreaker.execute(op);
  return sum;
}
async function ckBreakerLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await ckBreaker.execute(op);
  return sum;
}
async function ourBreakerSlow(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < SLOW; i++) sum += await ourBreaker.execute(op);
  check(sum, SLOW);
}
async function opossumNoTimer(): Promise<void> {
  const breaker = new CircuitBreaker(op, { timeout: false });
  let sum = 0;
  for (let i = 0; i < SLOW; i++) sum += await breaker.fire();
  breaker.shutdown();
  check(sum, SLOW);
}
async function opossumDefault(): Promise<void> {
  const breaker = new CircuitBreaker(op);
  let sum = 0;
  for (let i = 0; i < SLOW; i++) sum += await breaker.fire();
  breaker.shutdown();
  check(sum, SLOW);
}

// ---------------------------------------------------------------- bulkhead

const handBulk = new HandBulkhead(CONCURRENT);
const ourBulk = bulkhead(CONCURRENT, { maxQueue: CONCURRENT });
const ckBulk = ckBulkhead(CONCURRENT, CONCURRENT);

async function handBulkSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await handBulk.call(op);
  check(sum, CALLS);
}
async function ourBulkSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await ourBulk.execute(op);
  check(sum, CALLS);
}
async function ckBulkSingle(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < CALLS; i++) sum += await ckBulk.execute(op);
  check(sum, CALLS);
}
async function handBulkLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await handBulk.call(op);
  return sum;
}
async function ourBulkLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await ourBulk.execute(op);
  return sum;
}
async function ckBulkLoop(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await ckBulk.execute(op);
  return sum;
}

// ---------------------------------------------------------------- retry + breaker + timeout

const ourThree = wrap(
  retry({ maxAttempts: 3, backoff: constant(100) }),
  circuitBreaker({ breaker: consecutive(5), halfOpenAfter: 10_000 }),
  timeout(10_000),
);
const ckThree = ckWrap(
  ckRetry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(100) }),
  ckCircuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
  ckTimeout(10_000, TimeoutStrategy.Cooperative),
);
/** An operation that reads its signal (as one passing it to `fetch` does). */
const opReadingSignal = (signal: AbortSignal): Promise<number> => Promise.resolve(signal.aborted ? 0 : 1);

async function handThreeBlind(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await handThree(op);
  check(sum, WRAPPED);
}
async function ourThreeBlind(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await ourThree.execute(op);
  check(sum, WRAPPED);
}
async function ckThreeBlind(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await ckThree.execute(op);
  check(sum, WRAPPED);
}
async function handThreeSignal(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await handThree(opReadingSignal);
  check(sum, WRAPPED);
}
async function ourThreeSignal(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await ourThree.execute((ctx) => opReadingSignal(ctx.signal));
  check(sum, WRAPPED);
}
async function ckThreeSignal(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < WRAPPED; i++) sum += await ckThree.execute((ctx) => opReadingSignal(ctx.signal));
  check(sum, WRAPPED);
}

// ---------------------------------------------------------------- rate limiter decisions

// Generous rates: most decisions admit, as on a healthy service (1,000 tokens a millisecond).
async function handBucketDecisions(): Promise<void> {
  const bucket = new HandBucket(1_000, 1_000);
  let admitted = 0;
  for (let i = 0; i < DECISIONS; i++) if (bucket.tryTake()) admitted++;
  if (admitted === 0) throw new Error('nothing admitted');
}
async function ourBucketDecisions(): Promise<void> {
  const bucket = tokenBucket({ capacity: 1_000, refill: 1_000, interval: 1 });
  let admitted = 0;
  for (let i = 0; i < DECISIONS; i++) if (bucket.tryAcquire()) admitted++;
  if (admitted === 0) throw new Error('nothing admitted');
}
async function limiterDecisions(): Promise<void> {
  const limiter = new LimiterRateLimiter({ tokensPerInterval: 1_000_000, interval: 'second' });
  let admitted = 0;
  for (let i = 0; i < DECISIONS; i++) if (limiter.tryRemoveTokens(1)) admitted++;
  if (admitted === 0) throw new Error('nothing admitted');
}
async function ourBucketAcquire(): Promise<void> {
  const bucket = tokenBucket({ capacity: 1_000_000, refill: 1_000_000, interval: 1 });
  for (let i = 0; i < SLOW; i++) await bucket.acquire();
}
async function flexibleConsume(): Promise<void> {
  const limiter = new RateLimiterMemory({ points: 1_000_000_000, duration: 1 });
  for (let i = 0; i < SLOW; i++) await limiter.consume('key');
}

const only = process.env.RESILIENCE_BENCH_ONLY?.split(',');
const pick = <T extends { name: string }>(contenders: T[]): T[] =>
  only === undefined ? contenders : contenders.filter((c) => only.some((o) => c.name.includes(o)));

const FLOOR = 'floor (bare await op())';

await runSuite('resilience', '@async/resilience benchmarks', [
  {
    name: `retry, one caller: ${CALLS.toLocaleString('en')} calls of an already-resolving op`,
    ops: CALLS,
    unit: 'call',
    floor: FLOOR,
    contenders: pick([
      { name: FLOOR, run: floorSingle },
      { name: 'hand-written retry loop', run: handRetrySingle },
      { name: '@async/resilience retry', ours: true, run: ourRetrySingle },
      { name: 'cockatiel', run: ckRetrySingle },
    ]),
  },
  {
    name: `retry, ${CONCURRENT} concurrent callers: ${CALLS.toLocaleString('en')} calls`,
    ops: CALLS,
    unit: 'call',
    floor: FLOOR,
    contenders: pick([
      { name: FLOOR, run: () => concurrently(CALLS, floorLoop) },
      { name: 'hand-written retry loop', run: () => concurrently(CALLS, handRetryLoop) },
      { name: '@async/resilience retry', ours: true, run: () => concurrently(CALLS, ourRetryLoop) },
      { name: 'cockatiel', run: () => concurrently(CALLS, ckRetryLoop) },
    ]),
  },
  {
    name: `circuit breaker (closed), one caller: ${CALLS.toLocaleString('en')} calls`,
    ops: CALLS,
    unit: 'call',
    floor: FLOOR,
    contenders: pick([
      { name: FLOOR, run: floorSingle },
      { name: 'hand-written counter breaker', run: handBreakerSingle },
      { name: '@async/resilience circuitBreaker', ours: true, run: ourBreakerSingle },
      { name: 'cockatiel', run: ckBreakerSingle },
    ]),
  },
  {
    name: `circuit breaker (closed), ${CONCURRENT} concurrent callers: ${CALLS.toLocaleString('en')} calls`,
    ops: CALLS,
    unit: 'call',
    floor: FLOOR,
    contenders: pick([
      { name: FLOOR, run: () => concurrently(CALLS, floorLoop) },
      { name: 'hand-written counter breaker', run: () => concurrently(CALLS, handBreakerLoop) },
      {
        name: '@async/resilience circuitBreaker',
        ours: true,
        run: () => concurrently(CALLS, ourBreakerLoop),
      },
      { name: 'cockatiel', run: () => concurrently(CALLS, ckBreakerLoop) },
    ]),
  },
  {
    name: `bulkhead (${CONCURRENT} slots), one caller: ${CALLS.toLocaleString('en')} calls`,
    ops: CALLS,
    unit: 'call',
    floor: FLOOR,
    contenders: pick([
      { name: FLOOR, run: floorSingle },
      { name: 'hand-written bulkhead', run: handBulkSingle },
      { name: '@async/resilience bulkhead', ours: true, run: ourBulkSingle },
      { name: 'cockatiel', run: ckBulkSingle },
    ]),
  },
  {
    name: `bulkhead (${CONCURRENT} slots), ${CONCURRENT} concurrent callers: ${CALLS.toLocaleString('en')} calls`,
    ops: CALLS,
    unit: 'call',
    floor: FLOOR,
    contenders: pick([
      { name: FLOOR, run: () => concurrently(CALLS, floorLoop) },
      { name: 'hand-written bulkhead', run: () => concurrently(CALLS, handBulkLoop) },
      { name: '@async/resilience bulkhead', ours: true, run: () => concurrently(CALLS, ourBulkLoop) },
      { name: 'cockatiel', run: () => concurrently(CALLS, ckBulkLoop) },
    ]),
  },
  {
    name: `retry + breaker + timeout, op never reads its signal: ${WRAPPED.toLocaleString('en')} calls`,
    ops: WRAPPED,
    unit: 'call',
    floor: FLOOR,
    rounds: 5,
    contenders: pick([
      { name: FLOOR, run: floorWrapped },
      { name: 'hand-written, one function (AbortController + timer per call)', run: handThreeBlind },
      { name: '@async/resilience wrap', ours: true, run: ourThreeBlind },
      { name: 'cockatiel', run: ckThreeBlind },
    ]),
  },
  {
    name: `retry + breaker + timeout, op reads its signal: ${WRAPPED.toLocaleString('en')} calls`,
    ops: WRAPPED,
    unit: 'call',
    floor: FLOOR,
    rounds: 5,
    contenders: pick([
      { name: FLOOR, run: floorWrapped },
      { name: 'hand-written, one function (AbortController + timer per call)', run: handThreeSignal },
      { name: '@async/resilience wrap', ours: true, run: ourThreeSignal },
      { name: 'cockatiel', run: ckThreeSignal },
    ]),
  },
  {
    name: `rate limiter decision: ${DECISIONS.toLocaleString('en')} × tryAcquire`,
    ops: DECISIONS,
    unit: 'decision',
    floor: 'hand-written token bucket',
    contenders: pick([
      { name: 'hand-written token bucket', run: handBucketDecisions },
      { name: '@async/resilience tokenBucket', ours: true, run: ourBucketDecisions },
      { name: 'limiter', run: limiterDecisions },
    ]),
  },
  // The slow peers, each in a workload of its own with ours and the floor, last.
  {
    name: `retry against p-retry: ${SLOW.toLocaleString('en')} calls`,
    ops: SLOW,
    unit: 'call',
    floor: FLOOR,
    rounds: 5,
    contenders: pick([
      { name: FLOOR, run: floorSlow },
      { name: '@async/resilience retry', ours: true, run: ourRetrySlow },
      { name: 'p-retry', run: pRetrySlow },
    ]),
  },
  {
    name: `circuit breaker against opossum: ${SLOW.toLocaleString('en')} calls`,
    ops: SLOW,
    unit: 'call',
    floor: FLOOR,
    rounds: 5,
    contenders: pick([
      { name: FLOOR, run: floorSlow },
      { name: '@async/resilience circuitBreaker', ours: true, run: ourBreakerSlow },
      { name: 'opossum (timeout: false)', run: opossumNoTimer },
      { name: 'opossum (default 10 s timer per call)', run: opossumDefault },
    ]),
  },
  {
    name: `rate limiter, waiting form: ${SLOW.toLocaleString('en')} × acquire`,
    ops: SLOW,
    unit: 'call',
    floor: FLOOR,
    rounds: 5,
    contenders: pick([
      { name: FLOOR, run: floorSlow },
      { name: '@async/resilience tokenBucket acquire', ours: true, run: ourBucketAcquire },
      { name: 'rate-limiter-flexible (memory)', run: flexibleConsume },
    ]),
  },
]);
