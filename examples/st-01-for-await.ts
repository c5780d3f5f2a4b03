// ST-01: iterate a stream with `for await`, the counterpart of Rust's `while let Some(x) = stream.next().await`.
// `break` ends the loop early and runs the source's `finally` (Rust drops the stream).
import { stream } from '@async/stream';
import { isMain, type Out } from './is-main';

let closed = false;

async function* numbers(): AsyncGenerator<number> {
  try {
    for (let i = 1; ; i++) yield i;
  } finally {
    closed = true;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  for await (const n of stream(numbers()).map((n) => n * n)) {
    if (n > 20) break; // the generator's finally runs here
    out(`got ${n}`);
  }
  out(`generator closed: ${closed}`);
  // The explicit `next()` loop, as in Rust:
  const it = stream([1, 2, 3])[Symbol.asyncIterator]();
  for (let r = await it.next(); !r.done; r = await it.next()) out(`next() -> ${r.value}`);
  out('done');
}

if (isMain(import.meta)) await main();
