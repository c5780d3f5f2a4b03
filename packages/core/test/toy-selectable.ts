import { type Selectable, selectTry, selectWait } from '../src/selectable';
import { Wakers } from '../src/wakers';

/** A minimal selectable queue for tests: `push` makes an item available, a select takes it. */
export class ToyQueue<T> implements Selectable<T> {
  readonly items: T[] = [];
  taken = 0;
  private readonly wakers = new Wakers();
  constructor(readonly name = 'toy') {}

  push(item: T): void {
    this.items.push(item);
    this.wakers.wakeOne();
  }
  get registrations(): number {
    return this.wakers.size;
  }
  [selectTry](): { value: T } | undefined {
    if (this.items.length === 0) return undefined;
    this.taken++;
    return { value: this.items.shift()! };
  }
  [selectWait](wake: () => void): () => void {
    return this.wakers.add(wake);
  }
}
