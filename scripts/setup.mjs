// Installs the workspace's dependencies when they are missing or older than the lockfile.
// A fresh machine needs only Node and npm: pnpm itself comes from the npm registry through npx,
// and from then on the copy pinned in devDependencies is used.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.modules.yaml';
const upToDate = existsSync(marker) && statSync(marker).mtimeMs >= statSync('pnpm-lock.yaml').mtimeMs;

if (!upToDate) {
  const localPnpm = 'node_modules/.bin/pnpm';
  const pnpm = existsSync(localPnpm) ? localPnpm : 'npx --yes pnpm@10.34.9';
  console.log(`Installing dependencies with ${pnpm} …`);
  execSync(`${pnpm} install --frozen-lockfile`, {
    stdio: 'inherit',
    env: { ...process.env, npm_config_yes: 'true' },
  });
}
