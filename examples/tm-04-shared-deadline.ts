// TM-04: one deadline shared by several steps; each step gets whatever time is left.
import { Instant as I, type Instant, sleep, TimeoutError, timeoutAt } from '@async/time';
import { isMain, type Out } from './is-main';

const ms = (n: number) => `${Math.round(n / 50) * 50} ms`;

async function step(name: string, work: number, deadline: Instant, out: Out): Promise<void> {
  const left = Math.max(0, deadline.ms - I.now().ms); // deadline.saturating_duration_since(now)
  out(`${name}: ${ms(left)} left, needs ${work} ms`);
  await timeoutAt(deadline, sleep(work));
}

export async function main(out: Out = console.log): Promise<void> {
  const deadline = I.now().add(1_000); // "finish by" one second from now
  let current = '';
  try {
    for (const name of ['resolve', 'connect', 'handshake', 'request']) {
      current = name;
      await step(name, 300, deadline, out);
    }
    out('all steps done');
  } catch (e) {
    if (!TimeoutError.is(e)) throw e;
    out(`deadline exceeded during ${current}`);
  }
}

if (isMain(import.meta)) await main();
