// `npm run demo`: progress and a title per example, and a failed run for an ID that names no example.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listExamples } from '../scripts/examples.mjs';

const root = join(import.meta.dirname, '..');

function demo(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/demo.mjs', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each example is a process of its own (tsx): seconds each on a loaded machine.
describe('the demo', { timeout: 60_000 }, () => {
  test('every example has a title from its opening comment', () => {
    const examples = listExamples() as { id: string; name: string; title: string }[];
    expect(examples.length).toBeGreaterThanOrEqual(98);
    for (const e of examples) {
      expect(e.title, e.id).toMatch(/\w{3}/);
      expect(e.title, e.id).not.toMatch(/^[A-Z]{2}-\d\d/);
      expect(e.name, e.id).toMatch(/^[a-z]{2}-\d\d [a-z0-9 ]+$/);
    }
    expect(examples.find((e) => e.id === 'SY-04')).toMatchObject({
      name: 'sy-04 semaphore limit',
      title: 'a Semaphore limiting concurrency; owned permits; forgetting permits.',
    });
    // The catalog's teaching order, which the demo follows: the runtime first, resilience last.
    expect(examples[0]!.id).toBe('RT-01');
    expect(examples.at(-1)!.id).toBe('RS-09');
  });

  test('shows its progress and what each example shows, then the example output', () => {
    const { status, stdout } = demo('ch-07', 'sy-06');
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    const first = lines.indexOf('[1/2] sy-06 barrier leader');
    const second = lines.indexOf('[2/2] ch-07 try send');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    expect(lines[first + 1]).toBe('  a Barrier with a leader (tokio::sync::Barrier).');
    expect(lines[second + 1]).toBe('  trySend tells full from closed, without waiting and without throwing.');
    // The example's own output follows its title.
    expect(lines.slice(second)).toContain('c: full, dropped (load shedding)');
    expect(lines.at(-2)).toBe('2 examples ran, 0 failed');
  });

  test('fails before running anything when an ID names no example', () => {
    const { status, stdout, stderr } = demo('ch-07', 'sy-99');
    expect(status).not.toBe(0);
    expect(stderr).toContain('No example matches "sy-99"');
    expect(stderr).toContain('sy-04'); // the list of what exists
    expect(stdout).not.toContain('[1/');
  });
});
