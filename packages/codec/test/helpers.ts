// Test helpers: hex, collecting a FramedRead, cutting bytes into chunks.
import { type Decoder, FramedRead } from '@async/codec';

export function hex(s: string): Uint8Array {
  const expanded = s.replace(
    '{0..255}',
    Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join(''),
  );
  const out = new Uint8Array(expanded.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(expanded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `bytes` at the given cut points (sorted, deduplicated, clamped). */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    if (p > prev) chunks.push(bytes.subarray(prev, p));
    prev = p;
  }
  return chunks;
}

export function bytesOneByOne(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => new Uint8Array([b]));
}

/** Every frame of `chunks`, then `{ error }` if reading failed. */
export async function collect<T>(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  decoder: Decoder<T>,
): Promise<{ frames: T[]; error?: unknown }> {
  const frames: T[] = [];
  try {
    for await (const f of new FramedRead(chunks, decoder)) frames.push(f);
  } catch (error) {
    return { frames, error };
  }
  return { frames };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
