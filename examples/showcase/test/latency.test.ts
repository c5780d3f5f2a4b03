import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LatencyHistogram } from '../latency';

const of = (samples: readonly number[]) => {
  const h = new LatencyHistogram();
  for (const s of samples) h.record(s);
  return h;
};

describe('LatencyHistogram', () => {
  test('empty: no percentile, no mean, no extremes', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.percentile(0.5)).toBeUndefined();
    expect(h.percentile(1)).toBeUndefined();
    expect(h.mean).toBeUndefined();
    expect(h.min).toBeUndefined();
    expect(h.max).toBeUndefined();
  });

  test('one sample: every percentile is that sample exactly', () => {
    const h = of([3.7]);
    for (const q of [0.001, 0.5, 0.99, 0.999, 1]) expect(h.percentile(q)).toBe(3.7);
    expect(h.mean).toBe(3.7);
  });

  test('1 to 1000 ms: each percentile within 1 % above the exact one, the maximum exact', () => {
    const h = of(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(h.count).toBe(1000);
    expect(h.percentile(0.5)).toBeGreaterThanOrEqual(500);
    expect(h.percentile(0.5)).toBeLessThanOrEqual(505);
    expect(h.percentile(0.99)).toBeGreaterThanOrEqual(990);
    expect(h.percentile(0.99)).toBeLessThanOrEqual(999.9);
    expect(h.percentile(0.999)).toBeGreaterThanOrEqual(999);
    expect(h.percentile(1)).toBe(1000);
    expect(h.percentile(0.0001)).toBeGreaterThanOrEqual(1);
    expect(h.percentile(0.0001)).toBeLessThanOrEqual(1.01);
    expect(h.mean).toBeCloseTo(500.5, 9);
  });

  test('a skewed distribution: the tail percentiles see the outliers', () => {
    const h = of([...Array.from({ length: 990 }, () => 1), ...Array.from({ length: 10 }, () => 200)]);
    expect(h.percentile(0.5)).toBeGreaterThanOrEqual(1);
    expect(h.percentile(0.99)).toBeLessThanOrEqual(1.01);
    expect(h.percentile(0.991)).toBe(200);
    expect(h.percentile(0.999)).toBe(200);
  });

  test('sub-microsecond and negative latencies count as the smallest', () => {
    const h = of([-2, 0, 0.0001]);
    expect(h.min).toBe(0);
    expect(h.percentile(1)).toBe(0.0001);
  });

  test('merge adds the samples of another histogram', () => {
    const a = of([1, 2, 3]);
    a.merge(of([100, 200]));
    expect(a.count).toBe(5);
    expect(a.max).toBe(200);
    expect(a.min).toBe(1);
    expect(a.percentile(0.6)).toBeCloseTo(3, 1);
  });

  test('a q outside (0, 1] is refused', () => {
    const h = of([1]);
    expect(() => h.percentile(0)).toThrow(RangeError);
    expect(() => h.percentile(1.5)).toThrow('q must be in (0, 1], got 1.5');
  });

  test('property: percentiles are ordered, within [min, max], and within 1 % above the exact rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (samples, q) => {
          const h = of(samples);
          const sorted = [...samples].sort((x, y) => x - y);
          const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
          const p = h.percentile(q)!;
          expect(p).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
          expect(p).toBeLessThanOrEqual(exact * 1.01 + 1e-9);
          expect(h.percentile(0.5)!).toBeLessThanOrEqual(h.percentile(0.99)!);
          expect(h.percentile(0.99)!).toBeLessThanOrEqual(h.percentile(0.999)!);
          expect(p).toBeGreaterThanOrEqual(sorted[0]!);
          expect(p).toBeLessThanOrEqual(sorted.at(-1)!);
        },
      ),
    );
  });
});
