// The load client's command line: `--name value` or `--name=value`, each flag at most once. A bad flag
// is a FlagError naming it and what it got, which the program prints with the usage and exit code 2.

/** What the load client runs, after its flags. */
export interface LoadFlags {
  /** Simulated users, each one connection. */
  readonly users: number;
  /** Rooms the users spread over. */
  readonly rooms: number;
  /** Messages per second each steady user says. */
  readonly rate: number;
  /** Seconds of load, before the users drain and leave. */
  readonly duration: number;
  /** Fraction of users that stop reading for a while, so that the server lags them. */
  readonly slow: number;
  /** Fraction of users that vanish mid-message (half a frame, then the socket destroyed). */
  readonly vanish: number;
  /** A running server to load, `host:port`; without it the showcase starts its own in-process. */
  readonly addr: string | undefined;
  /** Seed of every workload choice (roles, rooms, bodies, timings). */
  readonly seed: number;
  /** A file to write the summary to as markdown (the figures the docs quote). */
  readonly writeResults: string | undefined;
}

export const DEFAULT_FLAGS: LoadFlags = {
  users: 300,
  rooms: 10,
  rate: 1,
  duration: 30,
  slow: 0.05,
  vanish: 0.05,
  addr: undefined,
  seed: 1,
  writeResults: undefined,
};

export const USAGE = `usage: npm run showcase -- [flags]

Starts the showcase chat server in-process (or loads the one at --addr), runs simulated users against
it, prints live progress and a summary, and exits 0 only when every invariant held.

  --users N          simulated users, one connection each (default ${DEFAULT_FLAGS.users})
  --rooms N          rooms they spread over (default ${DEFAULT_FLAGS.rooms})
  --rate R           messages per second per user (default ${DEFAULT_FLAGS.rate})
  --duration S       seconds of load before the users drain and leave (default ${DEFAULT_FLAGS.duration})
  --slow F           fraction of users that stop reading for a while (default ${DEFAULT_FLAGS.slow})
  --vanish F         fraction of users that vanish mid-message (default ${DEFAULT_FLAGS.vanish})
  --addr HOST:PORT   load a running server instead of starting one
  --seed N           seed of the workload's choices (default ${DEFAULT_FLAGS.seed})
  --write-results F  also write the summary as markdown to file F
  --help             this text`;

/** A flag the command line got wrong; its message names the flag. */
export class FlagError extends Error {
  override name = 'FlagError';
}

type Parse = (text: string, flag: string) => number | string;

const integer =
  (min: number, max: number): Parse =>
  (text, flag) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new FlagError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
    }
    return n;
  };

const positive: Parse = (text, flag) => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new FlagError(`${flag} must be a positive number, got "${text}"`);
  }
  return n;
};

const fraction: Parse = (text, flag) => {
  const n = Number(text);
  if (text.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new FlagError(`${flag} must be a fraction from 0 to 1, got "${text}"`);
  }
  return n;
};

const address: Parse = (text, flag) => {
  const port = Number(text.slice(text.lastIndexOf(':') + 1));
  if (!/^[^\s:]+:\d+$|^\[[0-9A-Fa-f:.]+\]:\d+$/.test(text) || port < 1 || port > 65535) {
    throw new FlagError(`${flag} must be HOST:PORT with a port from 1 to 65535, got "${text}"`);
  }
  return text;
};

const path: Parse = (text, flag) => {
  if (text === '') throw new FlagError(`${flag} must be a file path, got ""`);
  return text;
};

const FLAGS: Record<string, { key: keyof LoadFlags; parse: Parse }> = {
  '--users': { key: 'users', parse: integer(1, 100_000) },
  '--rooms': { key: 'rooms', parse: integer(1, 10_000) },
  '--rate': { key: 'rate', parse: positive },
  '--duration': { key: 'duration', parse: positive },
  '--slow': { key: 'slow', parse: fraction },
  '--vanish': { key: 'vanish', parse: fraction },
  '--addr': { key: 'addr', parse: address },
  '--seed': { key: 'seed', parse: integer(0, 2 ** 32 - 1) },
  '--write-results': { key: 'writeResults', parse: path },
};

/**
 * The flags of `argv` (the arguments after the program) over the defaults, or `'help'` when `--help`
 * or `-h` is among them. Throws a {@link FlagError} naming the first bad flag: an unknown one, one
 * without a value, one given twice, or a value out of range.
 */
export function parseFlags(argv: readonly string[]): LoadFlags | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const flags: Record<string, unknown> = { ...DEFAULT_FLAGS };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--'))
      throw new FlagError(`unexpected argument "${arg}" (flags start with --, see --help)`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const spec = FLAGS[name];
    if (spec === undefined) {
      throw new FlagError(`unknown flag "${name}" (the flags: ${Object.keys(FLAGS).join(', ')}, --help)`);
    }
    if (seen.has(name)) throw new FlagError(`${name} is given twice`);
    seen.add(name);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i];
    if (value === undefined) throw new FlagError(`${name} needs a value`);
    flags[spec.key] = spec.parse(value, name);
  }
  return flags as unknown as LoadFlags;
}
