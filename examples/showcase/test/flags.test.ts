import { describe, expect, test } from 'vitest';
import { DEFAULT_FLAGS, FlagError, parseFlags } from '../flags';

describe('parseFlags', () => {
  test('no flags: the defaults, a run well under a minute', () => {
    expect(parseFlags([])).toEqual(DEFAULT_FLAGS);
    expect(DEFAULT_FLAGS.duration).toBeLessThan(60);
  });

  test('every flag, as `--flag value` and as `--flag=value`', () => {
    expect(
      parseFlags([
        '--users',
        '50',
        '--rooms=4',
        '--rate',
        '2.5',
        '--duration=3',
        '--slow',
        '0',
        '--vanish=0.5',
        '--addr',
        '127.0.0.1:7000',
        '--seed=42',
        '--write-results',
        'out.md',
      ]),
    ).toEqual({
      users: 50,
      rooms: 4,
      rate: 2.5,
      duration: 3,
      slow: 0,
      vanish: 0.5,
      addr: '127.0.0.1:7000',
      seed: 42,
      writeResults: 'out.md',
    });
  });

  test('--help and -h ask for the usage, whatever else is there', () => {
    expect(parseFlags(['--help'])).toBe('help');
    expect(parseFlags(['--users', 'x', '-h'])).toBe('help');
  });

  test.each([
    [['--users', '0'], '--users must be an integer from 1 to 100000, got "0"'],
    [['--users', '1.5'], '--users must be an integer from 1 to 100000, got "1.5"'],
    [['--users='], '--users must be an integer from 1 to 100000, got ""'],
    [['--rooms', 'ten'], '--rooms must be an integer from 1 to 10000, got "ten"'],
    [['--rate', '-1'], '--rate must be a positive number, got "-1"'],
    [['--duration', 'Infinity'], '--duration must be a positive number, got "Infinity"'],
    [['--slow', '1.5'], '--slow must be a fraction from 0 to 1, got "1.5"'],
    [['--vanish', 'NaN'], '--vanish must be a fraction from 0 to 1, got "NaN"'],
    [['--addr', 'localhost'], '--addr must be HOST:PORT with a port from 1 to 65535, got "localhost"'],
    [
      ['--addr', 'localhost:70000'],
      '--addr must be HOST:PORT with a port from 1 to 65535, got "localhost:70000"',
    ],
    [['--seed', '-3'], '--seed must be an integer from 0 to 4294967295, got "-3"'],
    [['--users'], '--users needs a value'],
    [['--users', '--rooms', '3'], '--users needs a value'],
    [['--users', '3', '--users', '4'], '--users is given twice'],
    [['--speed', '3'], 'unknown flag "--speed"'],
    [['users=3'], 'unexpected argument "users=3" (flags start with --, see --help)'],
    [['--users', '3', '7'], 'unexpected argument "7"'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(FlagError);
    expect(() => parseFlags(argv)).toThrow(message);
  });

  test('an IPv6 address in brackets is an address', () => {
    expect(parseFlags(['--addr', '[::1]:7000'])).toMatchObject({ addr: '[::1]:7000' });
  });
});
