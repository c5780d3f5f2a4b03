// `npm run showcase`: the showcase's load client (examples/showcase/load.ts) against the chat server
// started in-process, run by tsx as the examples are (scripts/demo.mjs). Arguments go to the load
// client: `npm run showcase -- --users 100 --duration 10`, `npm run showcase -- --help`.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'examples/showcase/load.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'examples/tsconfig.json' },
  },
);
// Ctrl-C reaches the load client itself (same process group): it ends the load early and prints the
// summary, while this process waits for it instead of dying first. A SIGTERM is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
