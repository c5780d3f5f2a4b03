// ST-13: real-world sources as streams: a file watcher (polling on an interval, yielding changes), a
// database cursor (pages fetched on demand with `unfold`), and a websocket-like message stream (a push
// source with `close`) guarded by a per-message timeout.
import { fromInterval, pipe, stream, timeout, unfold } from '@async/stream';
import { sleep, TimeoutError } from '@async/time';
import { isMain, type Out } from './is-main';

/** A file watcher: polls `stat` every `ms` and yields the paths whose version changed. */
function watch(files: Map<string, number>, ms: number): AsyncIterable<string> {
  const seen = new Map(files);
  return stream(fromInterval(ms)).flatMap(() => {
    const changed: string[] = [];
    for (const [path, version] of files) {
      if (seen.get(path) !== version) changed.push(path);
      seen.set(path, version);
    }
    return changed;
  });
}

/** A database cursor: each pull of a page is one query, made only when the consumer needs it. */
function cursor(
  table: readonly string[],
  pageSize: number,
  queries: { count: number },
): AsyncIterable<string> {
  return stream(
    unfold(0, async (offset) => {
      queries.count++;
      await sleep(5); // the round trip
      const rows = table.slice(offset, offset + pageSize);
      return rows.length === 0 ? undefined : [rows, offset + pageSize];
    }),
  ).flatten();
}

/** A websocket-like connection: messages are pushed in; the stream ends on close. */
function connection() {
  const inbox: string[] = [];
  let wake: (() => void) | undefined;
  let open = true;
  return {
    receive(message: string) {
      inbox.push(message);
      wake?.();
    },
    close() {
      open = false;
      wake?.();
    },
    messages: {
      async *[Symbol.asyncIterator](): AsyncGenerator<string> {
        for (;;) {
          while (inbox.length === 0 && open) await new Promise<void>((r) => (wake = r));
          if (inbox.length === 0) return;
          yield inbox.splice(0, 1)[0]!;
        }
      },
    },
  };
}

export async function main(out: Out = console.log): Promise<void> {
  // File watcher: b.txt changes at 150 ms, a.txt at 350 ms; polled every 100 ms.
  const files = new Map([
    ['a.txt', 1],
    ['b.txt', 1],
  ]);
  void (async () => {
    await sleep(150);
    files.set('b.txt', 2);
    await sleep(200);
    files.set('a.txt', 2);
  })();
  out(`changed: ${(await stream(watch(files, 100)).take(2).collect()).join(', ')}`);

  // Database cursor: pages of 4 rows, fetched only as far as the consumer reads.
  const queries = { count: 0 };
  const table = Array.from({ length: 10 }, (_, i) => `row${i}`);
  const firstRows = await stream(cursor(table, 4, queries))
    .take(5)
    .collect();
  out(`cursor: ${firstRows.join(' ')} (queries: ${queries.count})`);

  // Websocket-like messages, with a 300 ms limit per message to detect a silent peer.
  const ws = connection();
  const peer = (async () => {
    ws.receive('hello');
    await sleep(50);
    ws.receive('update');
    await sleep(1000); // the peer goes quiet
    ws.receive('too late'); // nobody listens any more
  })();
  for await (const msg of pipe(ws.messages, timeout(300))) {
    if (TimeoutError.is(msg)) {
      out('no message for 300 ms: closing');
      ws.close();
      break;
    }
    out(`message: ${msg}`);
  }
  await peer;
}

if (isMain(import.meta)) await main();
