// A member that stops reading: the room's ring moves on without it, so it lags and is told by how
// much, every message is accounted for (received or counted as missed), and the server's heap does
// not grow with what the slow member did not read.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import type { ServerFrame } from '../protocol';
import { TestClient } from './client';
import { startTestServer } from './support';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/**
 * One member's view of a room, checked as it is read (without keeping the frames): `n` increases,
 * and each gap is exactly what the `lagged` frames before it announced.
 */
class View {
  last = 0;
  received = 0;
  missed = 0;
  lags = 0;
  private gap = 0;

  add(f: ServerFrame): void {
    if (f.t === 'lagged') {
      this.gap += f.missed;
      this.missed += f.missed;
      this.lags++;
    } else if (f.t === 'msg') {
      expect(f.n).toBe(this.last + 1 + this.gap);
      this.last = f.n;
      this.gap = 0;
      this.received++;
    } else throw new Error(`unexpected ${JSON.stringify(f)}`);
  }

  /** Reads `client` until message `total`, at most `2 * total` frames. */
  async readUntil(client: TestClient, total: number): Promise<this> {
    for (let i = 0; i < 2 * total && this.last < total; i++) {
      const f = await client.next();
      if (f === undefined) throw new Error('the connection ended');
      this.add(f);
    }
    expect(this.last).toBe(total);
    expect(this.received + this.missed).toBe(total);
    return this;
  }
}

it('a reader that stops lags by the right count, and the server holds no more for it', async () => {
  const server = await startTestServer({
    roomCapacity: 16,
    outboxCapacity: 4,
    burst: 1e9,
    ratePerSecond: 1e9,
  });
  const slow = await TestClient.hello(server.addr, 'slow');
  await slow.join('room');
  const sender = await TestClient.hello(server.addr, 'sender');
  await sender.join('room');
  const total = 20_000;
  const body = 'x'.repeat(1_000); // 20 MB in all: several times what the kernel's socket buffers take
  // The sender is a member too: it reads its own room as fast as it can, lagging or not.
  const senderReading = new View().readUntil(sender, total);
  const before = heap();
  for (let seq = 1; seq <= total; seq++) await sender.say('room', seq, body);
  const senderAccount = await senderReading;
  const grown = heap() - before;

  const slowView = await new View().readUntil(slow, total);
  expect(slowView.lags).toBeGreaterThan(0);
  // On loopback the kernel's buffers took about 4 MB in one run; the ring, the outbox and the
  // socket's piece hold a few dozen messages more.
  expect(slowView.missed).toBeGreaterThan(total / 4);
  // The server counted the same lag notices and missed messages as the members saw.
  const stats = server.stats();
  expect(stats.lagged).toBe(slowView.lags + senderAccount.lags);
  expect(stats.missed).toBe(slowView.missed + senderAccount.missed);
  expect(stats.delivered).toBe(slowView.received + senderAccount.received);
  // Had the server kept the slow member's messages, the heap would hold most of 20 MB of bodies.
  expect(grown).toBeLessThan(4 * 2 ** 20);
  await Promise.all([slow.close(), sender.close()]);
});
