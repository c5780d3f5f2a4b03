/**
 * The benchmark harness: every contender of a workload runs in the same process, interleaved
 * (round 1: A B C, round 2: B C A, …), several rounds after a warm-up, and the median of each is
 * reported as time per operation, operations per second, and speed relative to the workload's floor
 * (the hand-written lower bound) and to every peer.
 *
 * Two rules every suite follows, because contenders of one process share V8's state:
 * - Write each contender's loop out on its own, even when the loops look alike. Closures made from one
 *   shared function literal share type feedback, and one contender's deoptimisation then slows the
 *   others.
 * - Put a peer that takes seconds per run (Effect, async-mutex) in a workload of its own with ours,
 *   after the others: the heap it leaves behind slows whatever runs next, floors included.
 */
import { mkdirSync, writeFileSync } from 'node:fs';

export interface Contender {
  /** Shown in the table; the floor and our packages are named as such, peers by package name. */
  readonly name: string;
  /** Runs the whole workload once. */
  readonly run: () => unknown;
  /** `true` for @async's own entries: ratios are reported for these. */
  readonly ours?: boolean;
}

export interface Workload {
  readonly name: string;
  /** Operations one run performs (messages, tasks, bytes…), to report a rate. */
  readonly ops: number;
  /** What one operation is, for the rate column ("msg", "task", "B"). */
  readonly unit: string;
  /** Name of the contender every other is compared with. */
  readonly floor?: string;
  readonly contenders: readonly Contender[];
  /** Timed rounds per contender. @defaultValue 7 */
  readonly rounds?: number;
}

export interface Measured {
  readonly workload: Workload;
  /** Median milliseconds per run, by contender name. */
  readonly medians: ReadonlyMap<string, number>;
}

export async function measure(workload: Workload): Promise<Measured> {
  const rounds = workload.rounds ?? 7;
  const times = new Map<string, number[]>(workload.contenders.map((c) => [c.name, []]));
  for (const c of workload.contenders) await c.run(); // warm-up
  for (let round = 0; round < rounds; round++) {
    const n = workload.contenders.length;
    for (let i = 0; i < n; i++) {
      const c = workload.contenders[(i + round) % n]!;
      const start = performance.now();
      await c.run();
      times.get(c.name)!.push(performance.now() - start);
    }
  }
  const medians = new Map([...times].map(([name, t]) => [name, median(t)]));
  return { workload, medians };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function formatRate(perSecond: number, unit: string): string {
  if (unit === 'B') return `${(perSecond / 2 ** 20).toFixed(1)} MiB/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M ${unit}/s`;
  return `${(perSecond / 1e3).toFixed(1)} k ${unit}/s`;
}

/** A markdown table of one workload: time per op, rate, and speed relative to the floor and peers. */
export function table({ workload, medians }: Measured): string {
  const floorMs = workload.floor === undefined ? undefined : medians.get(workload.floor);
  const peers = workload.contenders.filter((c) => !c.ours && c.name !== workload.floor);
  const lines = [
    `### ${workload.name}`,
    '',
    `| contender | median run | per op | rate | × floor (speed) |${peers.map((p) => ` vs ${p.name} |`).join('')}`,
    `| --- | ---: | ---: | ---: | ---: |${peers.map(() => ' ---: |').join('')}`,
  ];
  for (const c of workload.contenders) {
    const ms = medians.get(c.name)!;
    const perOpNs = (ms * 1e6) / workload.ops;
    const vsFloor = floorMs === undefined ? '' : `${(floorMs / ms).toFixed(2)}`;
    const vsPeers = peers
      .map((p) => ` ${c.ours ? `${(medians.get(p.name)! / ms).toFixed(2)}×` : ''} |`)
      .join('');
    lines.push(
      `| ${c.ours ? `**${c.name}**` : c.name} | ${ms.toFixed(1)} ms | ${perOpNs.toFixed(1)} ns | ${formatRate(
        (workload.ops / ms) * 1000,
        workload.unit,
      )} | ${vsFloor} |${vsPeers}`,
    );
  }
  return lines.join('\n');
}

/** Runs workloads one after another, prints each table, and writes them to bench/results/<file>.md. */
export async function runSuite(file: string, title: string, workloads: readonly Workload[]): Promise<void> {
  const sections: string[] = [];
  for (const w of workloads) {
    const section = table(await measure(w));
    console.log(`\n${section}`);
    sections.push(section);
  }
  const header = [
    `# ${title}`,
    '',
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, one run of \`pnpm bench ${file}\`.`,
    'Medians of interleaved rounds in one process. "× floor" is the floor\'s time divided by the',
    'contender\'s (1.00 = as fast as the hand-written floor); "vs X" is how many times faster than X.',
  ];
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL(`../results/${file}.md`, import.meta.url),
    `${[...header, '', ...sections].join('\n\n')}\n`,
  );
}
