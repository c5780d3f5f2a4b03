// FR-07 JSON codec with length prefixes: typed, validated messages; a bad frame is reported and skipped.
// tokio: a codec wrapping `LengthDelimitedCodec` with `serde_json::from_slice` / `to_vec`.
import { BytesMut, FramedRead, FramedWrite, InvalidJsonError, JsonCodec } from '@async/codec';
import { isMain, type Out } from './is-main';

interface Command {
  op: 'add' | 'mul';
  args: number[];
}

function parseCommand(value: unknown): Command {
  const v = value as Command;
  if (
    (v?.op !== 'add' && v?.op !== 'mul') ||
    !Array.isArray(v.args) ||
    !v.args.every((a) => typeof a === 'number')
  ) {
    throw new TypeError(`not a command: ${JSON.stringify(value)}`);
  }
  return v;
}

export async function main(out: Out = console.log): Promise<void> {
  // The client side: well-formed commands, plus two bad frames a buggy peer might send.
  const wire = new BytesMut();
  const client = new JsonCodec<Command>();
  client.encode({ op: 'add', args: [1, 2, 3] }, wire);
  wire.putUint(7, 4);
  wire.put(new TextEncoder().encode('{"op":}')); // not JSON
  new JsonCodec<unknown>().encode({ op: 'div', args: [1, 0] }, wire); // JSON, but not a Command
  client.encode({ op: 'mul', args: [6, 7] }, wire);

  // The server side: validated commands in, results out.
  const results: Uint8Array[] = [];
  const replies = new FramedWrite(
    { write: (c) => void results.push(c) },
    new JsonCodec<{ result: number }>(),
  );
  const commands = new FramedRead([wire.split()], new JsonCodec<Command>({ validate: parseCommand }));
  for (;;) {
    try {
      for await (const cmd of commands) {
        const result =
          cmd.op === 'add' ? cmd.args.reduce((a, b) => a + b, 0) : cmd.args.reduce((a, b) => a * b, 1);
        out(`${cmd.op}(${cmd.args.join(', ')}) = ${result}`);
        await replies.feed({ result });
      }
      break;
    } catch (e) {
      if (!InvalidJsonError.is(e)) throw e;
      out(`skipped a ${e.frame.length}-byte frame: ${(e.cause as Error).message.split('\n')[0]}`);
    }
  }
  await replies.flush();
  const decoded: unknown[] = [];
  for await (const r of new FramedRead(results, new JsonCodec())) decoded.push(r);
  out(`replies: ${JSON.stringify(decoded)}`);
}

if (isMain(import.meta)) await main();
