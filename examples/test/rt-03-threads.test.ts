import { expect, test } from 'vitest';
import { main } from '../rt-03-threads';

test('tasks share one thread and interleave only at awaits; blocking stalls timers; workers are other threads', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '5 tasks ran on 1 thread, the spawning one: true',
    'with an await between steps: A1 B1 A2 B2 A3 B3',
    'without: A1 A2 A3 B1 B2 B3',
    'a blocking loop delays everything: blocking loop done, then timer fired',
    '2 workers ran on threads of their own: true',
  ]);
});
