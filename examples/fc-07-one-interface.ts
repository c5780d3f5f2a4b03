// FC-07: different kinds of future behind one interface (trait objects).
//
// Rust → TypeScript: every `async fn` has its own anonymous future type, so returning one of two
// async blocks needs `Pin<Box<dyn Future<Output = T> + Send>>` (or `BoxFuture<T>`). In TypeScript
// every async function returns a `Promise<T>`: the interface is already shared, with no boxing and no
// pinning. A collection of different operations is `Array<() => Promise<T>>` (lazy, see FC-06), and
// @async's operations (`join`, `select`) accept promises, functions and selectables side by side.
import { CancellationToken, join, select, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

/** `type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>` is just this. */
type Source = () => Promise<string>;

const cache = new Map([['config', 'config from cache']]);

/** Returns one of two different "future types" depending on a run-time condition. */
function load(key: string): Promise<string> {
  const hit = cache.get(key);
  if (hit !== undefined) return Promise.resolve(hit); // `Box::pin(ready(hit))`
  return (async () => {
    await yieldNow(); // `Box::pin(async move { fetch(key).await })`
    return `${key} from the network`;
  })();
}

/** A class whose method is another implementation of the same interface. */
class Computed {
  constructor(private readonly n: number) {}
  async value(): Promise<string> {
    await null;
    return `fib(${this.n}) = ${fib(this.n)}`;
  }
}
const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));

export async function main(out: Out = console.log): Promise<void> {
  // A heterogeneous list: cache or network loads, an async arrow function, a method.
  const computed = new Computed(10);
  const sources: Source[] = [
    () => load('config'),
    () => load('users'),
    async () => 'an async arrow function',
    () => computed.value(),
  ];
  for (const result of await join(sources)) out(result);

  // select takes different kinds side by side: a selectable (a token), a promise, a function.
  const shutdown = new CancellationToken();
  const winner = await select({
    shutdown,
    cached: load('config'),
    network: (_signal: AbortSignal) => load('users'),
  });
  out(`select: ${winner.key} won with ${JSON.stringify(winner.value)}`);
}

if (isMain(import.meta)) await main();
