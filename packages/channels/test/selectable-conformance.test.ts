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

describeSelectable('broadcast Receiver', () => {
  const [tx, rx] = broadcast<number>(64);
  let n = 0;
  return {
    branch: () => rx,
    makeReady: () => void tx.send(n++),
    readiness: 'unit',
    wait: (signal) => rx.recv({ signal }),
  };
});

describeSelectable('watch Receiver (changed)', () => {
  const [tx, rx] = watch(0);
  let n = 1;
  return {
    branch: () => rx,
    makeReady: () => tx.send(n++),
    readiness: 'coalescing', // several sends unseen are one change
    wait: (signal) => rx.changed({ signal }),
  };
});
