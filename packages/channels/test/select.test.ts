import { select } from '@async/core';
import { describe, expect, test } from 'vitest';
import { broadcast, ChannelClosedError, mpsc, oneshot, watch } from '../src/index';
import { settle } from './helpers';

describe('channels under core select', () => {
  test('two ready receivers: exactly one message is taken', async () => {
    const [txA, a] = mpsc.channel<string>(1);
    const [txB, b] = mpsc.channel<string>(1);
    await txA.send('a');
    await txB.send('b');
    const r = await select({ a, b });
    expect(a.length + b.length).toBe(1);
    expect(r.key === 'a' ? b.length : a.length).toBe(1);
  });

  test('an aborted select leaves no registration: the next message goes to a plain recv', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const [, other] = broadcast<number>(1);
    const ac = new AbortController();
    const s = select({ rx, other }, { signal: ac.signal });
    ac.abort('stop');
    await expect(s).rejects.toBe('stop');
    const r = rx.recv();
    await tx.send(1);
    expect(await r).toBe(1);
  });

  test('the SL-04 loop over every kind of channel, with guards, ends in the all-closed else', async () => {
    const [mtx, m] = mpsc.channel<number>(2);
    const [btx, b] = broadcast<number>(4);
    const [otx, o] = oneshot<number>();
    const [wtx, w] = watch(0);
    const open = { m: true, b: true, o: true, w: true };
    const got: string[] = [];
    const feeding = (async () => {
      for (let i = 1; i <= 3; i++) {
        await mtx.send(i);
        btx.send(i * 10);
        wtx.send(i * 100);
        await settle();
      }
      otx.send(7);
      mtx.close();
      btx.close();
      wtx.close();
    })();
    const next = () => select({ m: open.m && m, b: open.b && b, o: open.o && o, w: open.w && w });
    for (let rounds = 0; ; rounds++) {
      expect(rounds).toBeLessThan(100);
      let r: Awaited<ReturnType<typeof next>>;
      try {
        r = await next();
      } catch (e) {
        // A watch reports its end as an error (the oneshot branch is disabled once read).
        expect(ChannelClosedError.is(e)).toBe(true);
        open.w = false;
        continue;
      }
      if (r === undefined) break;
      if (r.key === 'o') {
        got.push(`o${r.value}`);
        open.o = false;
      } else if (r.key === 'w') got.push(`w${r.value}`);
      else if (r.value === undefined) open[r.key] = false;
      else got.push(`${r.key}${r.value}`);
    }
    await feeding;
    expect(got.filter((g) => g.startsWith('m'))).toEqual(['m1', 'm2', 'm3']);
    expect(got.filter((g) => g.startsWith('b'))).toEqual(['b10', 'b20', 'b30']);
    expect(got).toContain('o7');
    expect(got).toContain('w300');
    expect(open).toEqual({ m: false, b: false, o: false, w: false });
  });
});
