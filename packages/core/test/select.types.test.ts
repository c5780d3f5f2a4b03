import { describe, expectTypeOf, test } from 'vitest';
import { CancellationToken } from '../src/cancellation-token';
import { select } from '../src/select';
import { ToyQueue } from './toy-selectable';

// These assertions are checked by `tsc` (the package's typecheck), and run as no-ops by vitest.
describe('select types', () => {
  test('the result is a union of { key, value } typed per branch', async () => {
    const nums = new ToyQueue<number>();
    nums.push(1);
    const r = await select({
      nums,
      text: Promise.resolve('s'),
      flag: async (_signal: AbortSignal) => true,
      token: new CancellationToken(),
    });
    expectTypeOf(r).toEqualTypeOf<
      | { readonly key: 'nums'; readonly value: number }
      | { readonly key: 'text'; readonly value: string }
      | { readonly key: 'flag'; readonly value: boolean }
      | { readonly key: 'token'; readonly value: undefined }
    >();
    if (r.key === 'nums') expectTypeOf(r.value).toEqualTypeOf<number>();
  });

  test('undefined is possible only when every branch can be disabled', async () => {
    const q = new ToyQueue<number>();
    q.push(1);
    const always = await select({ q, maybe: Math.random() > 2 ? undefined : Promise.resolve('x') });
    expectTypeOf(always).not.toBeUndefined();
    const maybe = await select({ q: Math.random() > 2 && q });
    expectTypeOf(maybe).toEqualTypeOf<{ readonly key: 'q'; readonly value: number } | undefined>();
  });
});
