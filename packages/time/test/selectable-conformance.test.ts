// The Selectable conformance kit (`@async/testing`) over time's selectables, on a test clock.
import { describeSelectable } from '@async/testing';
import { interval, sleep, TestClock } from '../src/index';

describeSelectable('Sleep', () => {
  const clock = TestClock.install();
  const s = sleep(100);
  return {
    branch: () => s,
    makeReady: () => clock.advance(100),
    readiness: 'latch',
    teardown: () => clock.uninstall(),
  };
});

describeSelectable('Interval tick', async () => {
  const clock = TestClock.install();
  const every = interval(100);
  await every.tick(); // the first tick is due at once: take it, so the interval is not ready
  return {
    branch: () => every,
    makeReady: () => clock.advance(100), // one more tick due
    readiness: 'unit',
    wait: (signal) => every.tick({ signal }),
    teardown: () => clock.uninstall(),
  };
});

describeSelectable("Interval tick, missedTick 'skip'", async () => {
  const clock = TestClock.install();
  const every = interval(100, { missedTick: 'skip' });
  await every.tick();
  return {
    branch: () => every,
    makeReady: () => clock.advance(100),
    readiness: 'coalescing', // ticks missed while nobody waits are skipped: one is due at most
    wait: (signal) => every.tick({ signal }),
    teardown: () => clock.uninstall(),
  };
});
