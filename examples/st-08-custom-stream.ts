// ST-08: a custom stream. Rust implements `Stream::poll_next` or uses `unfold`; in TypeScript an async
// generator is a stream, and `unfold` drives a state machine.
import { collect, pipe, stream, take, unfold } from '@async/stream';
import { isMain, type Out } from './is-main';

/** A counter as an async generator. */
async function* counter(from: number, to: number): AsyncGenerator<number> {
  for (let i = from; i <= to; i++) yield i;
}

/** Fibonacci as a state machine. */
const fibonacci = () => unfold<[number, number], number>([0, 1], ([a, b]) => [a, [b, a + b]]);

/** A hand-written AsyncIterator, the closest thing to implementing poll_next. */
class Countdown implements AsyncIterable<number> {
  constructor(private readonly from: number) {}
  [Symbol.asyncIterator](): AsyncIterator<number> {
    let n = this.from;
    return { next: async () => (n > 0 ? { done: false, value: n-- } : { done: true, value: undefined }) };
  }
}

export async function main(out: Out = console.log): Promise<void> {
  out(`counter: ${await stream(counter(1, 5)).collect()}`);
  out(`fibonacci: ${await pipe(fibonacci(), take(10), collect())}`);
  out(`countdown: ${await stream(new Countdown(3)).collect()}`);
}

if (isMain(import.meta)) await main();
