// The statistics task: a snapshot at once and then once per interval on the server's clock, the same
// numbers as `stats()`, and a report callback that throws is restarted by its supervisor instead of
// ending the reports.
import { TestClock } from '@async/time';
import { expect, it } from 'vitest';
import type { ServerStats } from '../server';
import { statsLine } from '../stats';
import { TestClient } from './client';
import { eventually, startTestServer } from './support';

it('reports once per interval, and survives a report that throws', async () => {
  const clock = new TestClock();
  const reports: ServerStats[] = [];
  let thrown = false;
  const server = await startTestServer({
    clock,
    statsIntervalMs: 1_000,
    onStats: (stats) => {
      if (reports.length === 2 && !thrown) {
        thrown = true;
        throw new Error('a bad terminal');
      }
      reports.push(stats);
    },
  });
  await eventually(() => reports.length === 1, 'the first report, at once');
  const c = await TestClient.hello(server.addr, 'ann');
  await c.join('lobby');
  await c.say('lobby', 1);
  await c.next();
  await clock.advance(1_000);
  expect(reports).toHaveLength(2);
  expect(reports[1]).toEqual(server.stats());
  expect(reports[1]).toMatchObject({
    connections: 1,
    accepted: 1,
    delivered: 1,
    rooms: [{ name: 'lobby', members: 1, messages: 1 }],
  });
  await clock.advance(1_000); // this report throws: the supervisor restarts the task after 100 ms
  expect(reports).toHaveLength(2);
  await clock.advance(100); // restarted: a report at once
  expect(reports).toHaveLength(3);
  await clock.advance(1_000);
  expect(reports.map((r) => r.connections)).toEqual([0, 1, 1, 1]);
  await c.close();
  await eventually(() => server.stats().connections === 0, 'the client left');
});

it('statsLine shows messages per second per room since the previous snapshot', () => {
  const at = (messages: number): ServerStats => ({
    connections: 2,
    accepted: 3,
    rooms: [{ name: 'lobby', members: 2, messages }],
    delivered: 40,
    lagged: 1,
    missed: 7,
    refused: { rate_limited: 2, not_joined: 0, bad_frame: 0, too_long: 0, idle: 0 },
  });
  expect(statsLine(at(10), at(30), 500)).toBe(
    '2 connections (3 accepted), 40 delivered, 1 lagged (7 missed), refused: rate_limited 2 | lobby: 2 members, 40 msg/s',
  );
});
