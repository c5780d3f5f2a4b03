// The Selectable conformance kit (`@async/testing`) over the receivers of every channel. Each setup
// keeps its sender alive, so the receiver is waiting, not ended.
import { describeSelectable } from '@async/testing';
import { broadcast, ChannelClosedError, mpsc, oneshot, watch } from '../src/index';

describeSelectable('mpsc unbounded Receiver', () => {
  const [tx, rx] = mpsc.unbounded<number>();
  let n = 0;
  return {
    branch: () => rx,
    makeReady: () => tx.send(n++),
    readiness: 'unit',
    wait: (signal) => rx.recv({ signal }),
  };
});

describeSelectable('mpsc bounded Receiver', () => {
  const [tx, rx] = mpsc.channel<number>(64);
  let n = 0;
  return {
    branch: () => rx,
    makeReady: () => {
      if (tx.trySend(n++) !== 'sent') throw new Error('the channel is full');
    },
    readiness: 'unit',
    wait: (signal) => rx.recv({ signal }),
  };
});

describeSelectable('oneshot Receiver', () => {
  const [tx, rx] = oneshot<number>();
  return {
    branch: () => rx,
    makeReady: () => void tx.send(1),
    readyLimit: 1,
    readiness: 'unit',
    wait: (signal) => rx.recv({ signal }),
    isEnd: ChannelClosedError.is, // a wait left once the value was taken rejects: nothing more can come
  };
});

describeSelectable(
  'broadcast Receiver',
  () => {
    const [tx, rx] = broadcast<number>(64);
    let n = 0;
    return {
      branch: () => rx,
      makeReady: () => void tx.send(n++),
      readiness: 'unit',
      wait: (signal) => rx.recv({ signal }),
    };
  },
  {
    knownFailures: {
      // Bug: two waits on one receiver (two `recv()`, or a `recv()` and a `select`) and one send: the
      // first takes the value, and `Shared.notify` resolves the second `recv()` with `undefined`, the
      // end-of-channel value, though every sender is still open (it should wait on).
      'two waits racing for one unit: one wins, the other waits for the next':
        'a recv() that finds its value taken by another wait on the same receiver resolves undefined (a false end)',
      // Bug: `Shared.notify` counts the waiters first and shifts that many; a woken select that wins
      // aborts its function branch, whose waiter on the same channel leaves the queue under the loop,
      // which then shifts `undefined`: `tx.send()` throws "TypeError: Cannot read properties of
      // undefined (reading 'watchedSignal')" (any receiver of the channel, not only the same one).
      'a select whose win aborts its own branch waiting on the resource breaks no hand-off':
        'send() throws a TypeError when a waiter leaves the queue while notify() walks it',
      'any interleaving of waits, aborts and readiness loses nothing and duplicates nothing':
        'a recv() that finds its value taken by another wait on the same receiver resolves undefined (a false end)',
    },
  },
);

describeSelectable(
  'watch Receiver (changed)',
  () => {
    const [tx, rx] = watch(0);
    let n = 1;
    return {
      branch: () => rx,
      makeReady: () => tx.send(n++),
      readiness: 'coalescing', // several sends unseen are one change
      wait: (signal) => rx.changed({ signal }),
    };
  },
  {
    knownFailures: {
      // Bug: two `changed({ signal })` on one receiver and one send: both are woken, the first marks the
      // change seen, and the second, through `.then(() => this.changed())`, waits again *without its
      // signal*: aborting it then never rejects it, and it stays pending for good.
      'any interleaving of waits, aborts and readiness loses nothing and duplicates nothing':
        'a changed({ signal }) that finds the change seen waits again without its signal: its abort is ignored',
      // Bug: `Shared.notify` of watch has the same loop as broadcast's: a waiter that leaves while it
      // runs (a woken select aborting its function branch) makes `tx.send()` throw a TypeError.
      'a select whose win aborts its own branch waiting on the resource breaks no hand-off':
        'send() throws a TypeError when a waiter leaves the queue while notify() walks it',
    },
  },
);
