import { FramedWrite, LengthDelimitedCodec, LinesCodec, SinkClosedError } from '@async/codec';
import { describe, expect, test } from 'vitest';
import { concat, text } from './helpers';

function recorder() {
  const chunks: Uint8Array[] = [];
  return { chunks, sink: { write: (c: Uint8Array) => void chunks.push(c) }, all: () => text(concat(chunks)) };
}

/** A sink whose every write waits until `release()` is called. */
function slowSink() {
  const written: string[] = [];
  let pending: (() => void) | undefined;
  return {
    written,
    release: () => {
      const p = pending;
      pending = undefined;
      p?.();
    },
    sink: {
      write: (c: Uint8Array) =>
        new Promise<void>((resolve) => {
          pending = () => {
            written.push(text(c));
            resolve();
          };
        }),
    },
  };
}

describe('FramedWrite', () => {
  test('feed buffers, flush writes once, send is feed + flush', async () => {
    const r = recorder();
    const w = new FramedWrite(r.sink, new LinesCodec());
    await w.feed('a');
    await w.feed('b');
    expect(r.chunks.length).toBe(0);
    await w.flush();
    expect(r.chunks.length).toBe(1);
    await w.send('c');
    expect(r.all()).toBe('a\nb\nc\n');
    await w.flush(); // nothing buffered: no write
    expect(r.chunks.length).toBe(2);
  });

  test('feed flushes first once the backpressure boundary is reached', async () => {
    const r = recorder();
    const w = new FramedWrite(r.sink, new LinesCodec(), { backpressureBoundary: 10 });
    await w.feed('12345');
    await w.feed('67890'); // 6 bytes buffered < 10: no flush
    expect(r.chunks.length).toBe(0);
    await w.feed('x'); // 12 >= 10: flush, then encode
    expect(r.all()).toBe('12345\n67890\n');
    await w.flush();
    expect(r.all()).toBe('12345\n67890\nx\n');
  });

  test('waits for a slow sink (backpressure), and keeps order when calls are not awaited', async () => {
    const { sink, written, release } = slowSink();
    const w = new FramedWrite(sink, new LinesCodec(), { backpressureBoundary: 0 });
    const sent = [w.send('1'), w.feed('2'), w.feed('3'), w.send('4')];
    let settled = false;
    void Promise.all(sent).then(() => {
      settled = true;
    });
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      release();
    }
    await Promise.all(sent);
    expect(settled).toBe(true);
    expect(written.join('')).toBe('1\n2\n3\n4\n');
  });

  test('writes to a Web WritableStream and closes it', async () => {
    const got: Uint8Array[] = [];
    let closed = false;
    const ws = new WritableStream<Uint8Array>({
      write: (c) => void got.push(c),
      close: () => {
        closed = true;
      },
    });
    const w = new FramedWrite(ws, new LengthDelimitedCodec());
    await w.send(new Uint8Array([1, 2]));
    await w.close();
    expect(concat(got)).toEqual(new Uint8Array([0, 0, 0, 2, 1, 2]));
    expect(closed).toBe(true);
    await expect(w.send(new Uint8Array([3]))).rejects.toThrow(SinkClosedError);
  });

  test('an encoder error rejects that call only', async () => {
    const r = recorder();
    const w = new FramedWrite(r.sink, new LengthDelimitedCodec({ maxFrameLength: 2 }));
    await expect(w.send(new Uint8Array(3))).rejects.toThrow(/frame size too big/);
    await w.send(new Uint8Array([5]));
    expect(concat(r.chunks)).toEqual(new Uint8Array([0, 0, 0, 1, 5]));
  });

  test('a failed write fails every later call', async () => {
    let calls = 0;
    const w = new FramedWrite(
      {
        write: () => {
          calls++;
          return Promise.reject(new Error('broken pipe'));
        },
      },
      new LinesCodec(),
    );
    await expect(w.send('a')).rejects.toThrow('broken pipe');
    await expect(w.send('b')).rejects.toThrow('broken pipe');
    expect(calls).toBe(1);
  });

  test('abort: a feed waiting for backpressure rejects with the reason and its item is not written', async () => {
    const { sink, written, release } = slowSink();
    const w = new FramedWrite(sink, new LinesCodec(), { backpressureBoundary: 0 });
    const first = w.send('first');
    const ac = new AbortController();
    const second = w.feed('second', { signal: ac.signal });
    ac.abort(new Error('give up'));
    await expect(second).rejects.toThrow('give up');
    release();
    await first;
    await w.flush();
    expect(written.join('')).toBe('first\n');
  });

  test('an already-aborted signal rejects at once', async () => {
    const w = new FramedWrite(recorder().sink, new LinesCodec());
    await expect(w.send('x', { signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
  });

  test('bad options', () => {
    expect(() => new FramedWrite(recorder().sink, new LinesCodec(), { backpressureBoundary: -1 })).toThrow(
      /backpressureBoundary/,
    );
  });
});
