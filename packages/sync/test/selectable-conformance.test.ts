// The Selectable conformance kit (`@async/testing`) over sync's selectables. A lock is made "not
// ready" by a guard the setup holds; making it ready releases that guard.
import { describeSelectable } from '@async/testing';
import { Mutex, Notify, RwLock, Semaphore } from '../src/index';

describeSelectable('Mutex locking()', () => {
  const mutex = new Mutex(0);
  const held = mutex.tryLock()!;
  return {
    branch: () => mutex.locking(),
    makeReady: () => held.release(),
    readyLimit: 1,
    readiness: 'unit',
    wait: (signal) => mutex.lock({ signal }),
    release: (guard) => guard.release(),
  };
});

describeSelectable('RwLock writing()', () => {
  const lock = new RwLock(0);
  const reader = lock.tryRead()!;
  return {
    branch: () => lock.writing(),
    makeReady: () => reader.release(),
    readyLimit: 1,
    readiness: 'unit',
    wait: (signal) => lock.write({ signal }),
    release: (guard) => guard.release(),
  };
});

describeSelectable('RwLock reading()', () => {
  const lock = new RwLock(0);
  const writer = lock.tryWrite()!;
  return {
    branch: () => lock.reading(),
    makeReady: () => writer.release(),
    readyLimit: 1,
    readiness: 'latch', // once no writer holds it, every reader gets in
    wait: (signal) => lock.read({ signal }),
    release: (guard) => guard.release(),
  };
});

describeSelectable('Semaphore acquiring()', () => {
  const semaphore = new Semaphore(0);
  return {
    branch: () => semaphore.acquiring(),
    makeReady: () => semaphore.addPermits(1),
    readiness: 'unit',
    wait: (signal) => semaphore.acquire(1, { signal }),
    release: (permit) => permit.release(),
  };
});

// One permit short of a request for two: a waiting request holds the free permit as a partial
// grant, which it must give back when it leaves.
describeSelectable('Semaphore acquiring(2), one permit short', () => {
  const semaphore = new Semaphore(1);
  return {
    branch: () => semaphore.acquiring(2),
    makeReady: () => semaphore.addPermits(2), // 1 + 2k permits free: k requests of two
    readiness: 'unit',
    wait: (signal) => semaphore.acquire(2, { signal }),
    release: (permit) => permit.release(),
  };
});

describeSelectable('Notify notified() by notifyOne()', () => {
  const notify = new Notify();
  return {
    branch: () => notify.notified(),
    makeReady: () => notify.notifyOne(),
    readiness: 'coalescing', // one stored permit at most
    wait: (signal) => notify.notified({ signal }),
  };
});
