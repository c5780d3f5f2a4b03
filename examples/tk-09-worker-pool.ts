// TK-09: a fixed pool of workers taking jobs from a shared queue.
//
// Rust → TypeScript: the seed shares an mpsc receiver between workers as `Arc<Mutex<Receiver>>`, since
// a receiver cannot be cloned. On one thread, taking the next job from an array is already atomic
// (nothing runs between `shift()` and the next line), so the workers share a plain queue and no lock.
// What the channel gave besides, waking an idle worker when a job arrives, is a list of resolvers.
// Dropping the sender to stop the workers → `close()`: workers finish the queue, then exit.
// (With @async/channels, the queue is an mpsc channel; see CH-01.)
import { JoinSet, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

interface Job {
  readonly name: string;
  readonly run: () => Promise<void>;
}

export class WorkerPool implements AsyncDisposable {
  private readonly queue: Job[] = [];
  private readonly idle: ((job: Job | undefined) => void)[] = [];
  private readonly workers = new JoinSet<void>();
  private closed = false;

  constructor(size: number, out: Out) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`size must be an integer >= 1, got ${size}`);
    for (let id = 0; id < size; id++) {
      this.workers.spawn(async () => {
        for (let job = await this.next(); job !== undefined; job = await this.next()) {
          out(`worker ${id} runs ${job.name}`);
          await job.run();
        }
        out(`worker ${id} exits`);
      });
    }
  }

  /** Queues a job; the first idle worker takes it. Resolves with the job's value once it ran. */
  submit<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { name, run: () => fn().then(resolve, reject) };
      const worker = this.idle.shift();
      if (worker !== undefined) worker(job);
      else this.queue.push(job);
    });
  }

  /** The next job, waiting while the queue is empty; `undefined` once the pool is closed and drained. */
  private next(): Promise<Job | undefined> {
    const job = this.queue.shift();
    if (job !== undefined || this.closed) return Promise.resolve(job);
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops accepting jobs; the workers finish what is queued, then exit. Resolves when all have. */
  async close(): Promise<void> {
    this.closed = true;
    for (const worker of this.idle.splice(0)) worker(undefined);
    while (this.workers.size > 0) await this.workers.joinNext();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

export async function main(out: Out = console.log): Promise<void> {
  let running = 0;
  let mostRunning = 0;
  const results: Promise<number>[] = [];
  {
    await using pool = new WorkerPool(3, out);
    for (let i = 0; i < 7; i++) {
      results.push(
        pool.submit(`task ${i}`, async () => {
          mostRunning = Math.max(mostRunning, ++running);
          await yieldNow(); // the job's I/O
          running--;
          return i * i;
        }),
      );
    }
  } // close(): the workers drain the queue and exit
  out(`results: ${(await Promise.all(results)).join(', ')}`);
  out(`at most ${mostRunning} jobs ran at once`);
}

if (isMain(import.meta)) await main();
