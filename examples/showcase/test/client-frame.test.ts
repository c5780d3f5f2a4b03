// What the server accepts from a client, over arbitrary JSON: `parseClientFrame` accepts exactly the
// values that fit `ClientFrame` (checked against a reference written from protocol.ts), rejects the
// rest with a TypeError, and returns what it accepts unchanged.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseClientFrame } from '../client-frame';
import { NAME_PATTERN } from '../protocol';

/** The reference: protocol.ts's `ClientFrame`, field by field. */
function fits(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const f = v as Record<string, unknown>;
  const name = (x: unknown) => typeof x === 'string' && NAME_PATTERN.test(x);
  switch (f.t) {
    case 'hello':
      return name(f.name);
    case 'join':
    case 'leave':
      return name(f.room);
    case 'say':
      return (
        name(f.room) &&
        Number.isSafeInteger(f.seq) &&
        typeof f.sentAt === 'number' &&
        Number.isFinite(f.sentAt) &&
        typeof f.body === 'string'
      );
    case 'bye':
      return true;
    default:
      return false;
  }
}

const names = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), fc.string({ maxLength: 40 }));
const frames = fc.oneof(
  fc.record({
    t: fc.constantFrom('hello', 'join', 'leave', 'bye', 'say', 'shout'),
    name: names,
    room: names,
  }),
  fc.record(
    {
      t: fc.constant('say'),
      room: names,
      seq: fc.oneof(fc.integer(), fc.double(), fc.string()),
      sentAt: fc.oneof(fc.double(), fc.constant(null)),
      body: fc.oneof(fc.string(), fc.integer()),
    },
    { requiredKeys: ['t'] },
  ),
  fc.jsonValue(),
);

it('accepts exactly the frames that fit ClientFrame, and rejects the rest with a TypeError', () => {
  fc.assert(
    fc.property(frames, (value) => {
      // Through JSON, as the codec gives it: no undefined, no -0, no NaN.
      const v: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
      if (fits(v)) expect(parseClientFrame(v)).toBe(v);
      else expect(() => parseClientFrame(v)).toThrow(TypeError);
    }),
    { numRuns: 2_000 },
  );
});

it('edge cases: names at the limits, seq beyond safe integers, a body of any length', () => {
  expect(() => parseClientFrame({ t: 'hello', name: 'a'.repeat(32) })).not.toThrow();
  expect(() => parseClientFrame({ t: 'hello', name: 'a'.repeat(33) })).toThrow(/name must match/);
  expect(() => parseClientFrame({ t: 'hello', name: '' })).toThrow(/name must match/);
  expect(() => parseClientFrame({ t: 'join', room: 'é' })).toThrow(/room must match/);
  expect(() => parseClientFrame({ t: 'say', room: 'r', seq: 2 ** 53, sentAt: 0, body: '' })).toThrow(/seq/);
  expect(() => parseClientFrame({ t: 'say', room: 'r', seq: 1, sentAt: 0 })).toThrow(
    /body must be a string, got nothing/,
  );
  expect(
    parseClientFrame({ t: 'say', room: 'r', seq: -1, sentAt: -5, body: 'x'.repeat(5_000) }),
  ).toMatchObject({ seq: -1 });
  expect(() => parseClientFrame([])).toThrow(/JSON object/);
  expect(() => parseClientFrame({})).toThrow(/unknown frame type nothing/);
});
