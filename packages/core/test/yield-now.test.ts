import { describe, expect, test } from 'vitest';
import { yieldNow } from '../src/yield-now';

describe('yieldNow', () => {
  test('lets already-queued macrotasks and microtasks run before it resolves', async () => {
    const events: string[] = [];
    setImmediate(() => events.push('macrotask'));
    queueMicrotask(() => events.push('microtask'));
    await yieldNow();
    events.push('after yield');
    expect(events).toEqual(['microtask', 'macrotask', 'after yield']);
  });
});
