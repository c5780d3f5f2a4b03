// CH-02: many producers, one consumer. Each producer owns a clone of the sender; the receiver ends
// once every clone is closed. Messages of one producer arrive in the order it sent them.
import { mpsc } from '@async/channels';
import { spawn } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, rx] = mpsc.channel<{ producer: number; seq: number }>(4);

  const producers = [0, 1, 2].map((id) => {
    const mine = tx.clone();
    return spawn(async () => {
      for (let seq = 0; seq < 5; seq++) await mine.send({ producer: id, seq });
      mine.close();
    });
  });
  tx.close(); // the original handle is not used: close it, or the receiver would wait forever

  const seen = new Map<number, number[]>();
  for await (const { producer, seq } of rx) {
    const list = seen.get(producer) ?? [];
    list.push(seq);
    seen.set(producer, list);
  }
  await Promise.all(producers);
  for (const [id, seqs] of [...seen].sort(([a], [b]) => a - b)) {
    out(`producer ${id}: ${seqs.join(' ')}`);
  }
  out(`received ${[...seen.values()].flat().length} messages from ${seen.size} producers`);
}

if (isMain(import.meta)) await main();
