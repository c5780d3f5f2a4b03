import { BytesMut } from '@async/codec';
import { describe, expect, test } from 'vitest';
import { concat } from './helpers';

describe('BytesMut', () => {
  test('append adopts large chunks (zero-copy) and copies small ones', () => {
    const big = new Uint8Array(1024).fill(1);
    const small = new Uint8Array(10).fill(2);
    const buf = new BytesMut();
    buf.append(big);
    buf.append(small);
    expect(buf.length).toBe(1034);
    const head = buf.splitTo(1024);
    expect(head.buffer).toBe(big.buffer);
    small[0] = 9; // copied: the buffer does not see it
    expect(buf.splitTo(10)[0]).toBe(2);
  });

  test('put always copies', () => {
    const src = new Uint8Array(4096).fill(3);
    const buf = new BytesMut();
    buf.put(src);
    src.fill(0);
    expect(buf.split().every((b) => b === 3)).toBe(true);
  });

  test('splitTo across ranges returns a fresh copy with the right bytes', () => {
    const buf = new BytesMut();
    const a = new Uint8Array(600).map((_, i) => i % 251);
    const b = new Uint8Array(600).map((_, i) => (i + 600) % 251);
    buf.append(a);
    buf.append(b);
    buf.advance(100);
    const out = buf.splitTo(1000);
    expect(out).toEqual(concat([a, b]).subarray(100, 1100));
    expect(buf.length).toBe(100);
    expect(buf.consumed).toBe(1100);
  });

  test('views handed out never change, whatever is written later', () => {
    const buf = new BytesMut();
    buf.put(new Uint8Array([1, 2, 3]));
    const view = buf.splitTo(3);
    for (let i = 0; i < 10_000; i++) buf.put(new Uint8Array([9, 9, 9]));
    buf.clear();
    buf.put(new Uint8Array(200_000).fill(7));
    expect(view).toEqual(new Uint8Array([1, 2, 3]));
  });

  test('indexOf, at and getUint work across range boundaries', () => {
    const buf = new BytesMut();
    for (const b of [0x00, 0x01, 0x02, 0x03, 0x0a, 0x05]) buf.put(new Uint8Array([b]));
    buf.append(new Uint8Array(600).fill(0x0b));
    expect(buf.indexOf(0x0a)).toBe(4);
    expect(buf.indexOf(0x0a, 5)).toBe(-1);
    expect(buf.indexOf(0x0b, 2)).toBe(6);
    expect(buf.at(5)).toBe(5);
    expect(buf.at(606)).toBeUndefined();
    expect(buf.getUint(0, 4)).toBe(0x00010203);
    expect(buf.getUint(0, 4, true)).toBe(0x03020100);
    expect(buf.getUint(4, 3)).toBe(0x0a050b);
  });

  test('putUint writes 1–8 bytes in either order and rejects what does not fit', () => {
    const buf = new BytesMut();
    buf.putUint(0x0102, 2);
    buf.putUint(0x0102, 2, true);
    buf.putUint(2 ** 40 + 5, 8);
    expect(buf.slice()).toEqual(new Uint8Array([1, 2, 2, 1, 0, 0, 1, 0, 0, 0, 0, 5]));
    expect(buf.getUint(4, 8)).toBe(2 ** 40 + 5);
    expect(() => buf.putUint(256, 1)).toThrow(RangeError);
    expect(() => buf.putUint(-1, 4)).toThrow(RangeError);
  });

  test('putUint of 4 bytes big-endian (the length prefix fast path): edges in and out of range', () => {
    const buf = new BytesMut();
    for (const v of [0, 1, 255, 256, 0x01020304, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]) {
      buf.putUint(v, 4);
      expect(buf.getUint(0, 4)).toBe(v);
      expect(buf.split()).toEqual(new Uint8Array([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]));
    }
    for (const v of [2 ** 32, -1, 1.5, Number.NaN, '7', 2 ** 53]) {
      expect(() => buf.putUint(v as number, 4), String(v)).toThrow(/value/);
    }
    buf.putUint(0x01020304, 4, true); // the other order takes the general path
    expect(buf.split()).toEqual(new Uint8Array([4, 3, 2, 1]));
    expect(buf.length).toBe(0);
  });

  test('putString writes UTF-8', () => {
    const buf = new BytesMut();
    buf.putString('é🎉');
    expect(buf.split()).toEqual(new TextEncoder().encode('é🎉'));
  });

  test('advance and splitTo past the end throw RangeError', () => {
    const buf = new BytesMut();
    buf.put(new Uint8Array(3));
    expect(() => buf.advance(4)).toThrow(RangeError);
    expect(() => buf.splitTo(4)).toThrow(RangeError);
    expect(() => buf.getUint(1, 4)).toThrow(RangeError);
  });

  test('appending 1-byte chunks is linear: a million of them', () => {
    const buf = new BytesMut();
    const one = new Uint8Array([7]);
    for (let i = 0; i < 1_000_000; i++) buf.append(one);
    expect(buf.length).toBe(1_000_000);
    const all = buf.split();
    expect(all.length).toBe(1_000_000);
    expect(all[999_999]).toBe(7);
  });

  test('consumed ranges are released: the range queue stays short under a steady flow', () => {
    const buf = new BytesMut();
    const chunk = new Uint8Array(1000);
    for (let i = 0; i < 100_000; i++) {
      buf.append(chunk);
      buf.advance(i % 2 === 0 ? 999 : 1001);
    }
    expect(buf.length).toBe(0);
    expect((buf as unknown as { bufs: unknown[] }).bufs.length).toBeLessThan(200);
  });
});
