import type { SelectableSubject } from '../src/selectable-subject';

const TRY = Symbol.for('@async/select.try');
const WAIT = Symbol.for('@async/select.wait');

/** How a toy queue may break the protocol, to show that the kit notices. */
export type Flaw =
  | 'none'
  /** Wakes one registration per item: one that leaves without taking strands the item. */
  | 'wake-one-without-hand-on'
  /** Unregistering forgets nothing: registrations pile up, and stale ones swallow wake-ups. */
  | 'unregister-keeps-wake'
  /** A registration takes the item for itself (and so loses it if its select ends otherwise). */
  | 'registration-takes'
  /** Keeps one registration: a second one replaces the first, whose select is never woken. */
  | 'one-registration';

/** A selectable FIFO of numbers, correct unless given a flaw. */
export class ToyQueue {
  readonly items: number[] = [];
  private readonly wakes = new Map<number, () => void>();
  private nextId = 0;
  constructor(readonly flaw: Flaw = 'none') {}

  push(item: number): void {
    if (this.flaw === 'registration-takes' && this.wakes.size > 0) {
      this.wakeNext();
      return;
    }
    this.items.push(item);
    this.wakeWhileItems();
  }

  /** Wakes registrations, oldest first, until the items are taken (or only one, if flawed). */
  private wakeWhileItems(): void {
    while (this.items.length > 0 && this.wakeNext()) {
      if (this.flaw === 'wake-one-without-hand-on') return;
    }
  }

  private wakeNext(): boolean {
    for (const [id, wake] of this.wakes) {
      this.wakes.delete(id);
      wake();
      return true;
    }
    return false;
  }

  [TRY](): { value: number } | undefined {
    return this.items.length > 0 ? { value: this.items.shift()! } : undefined;
  }

  [WAIT](wake: () => void): () => void {
    const id = this.flaw === 'one-registration' ? 0 : this.nextId++;
    this.wakes.set(id, wake);
    return () => {
      if (this.flaw === 'unregister-keeps-wake') return;
      this.wakes.delete(id);
      // A woken registration that leaves without taking: the item goes on to the next one.
      if (this.flaw !== 'wake-one-without-hand-on') this.wakeWhileItems();
    };
  }
}

/** A conformance subject over a fresh toy queue. */
export function toySubject(flaw: Flaw = 'none'): SelectableSubject<number> {
  const q = new ToyQueue(flaw);
  let n = 0;
  return {
    branch: () => q,
    makeReady: () => q.push(n++),
    readiness: 'unit',
  };
}
