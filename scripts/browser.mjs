// Headless Chromium for the tests that need a real browser (the packages in a page, the documentation site).
// Debian's chromium-headless-shell is the browser: .ci/run installs it when missing, and playwright-core drives
// it through `executablePath` because playwright's own browser download cannot run here.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const candidates = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

/** The path of the Chromium binary, or undefined when none is installed. */
export function chromiumPath() {
  return candidates.find((path) => existsSync(path));
}

/** Launches headless Chromium; throws with the install line when no binary is found. */
export async function launchChromium() {
  const executablePath = chromiumPath();
  if (executablePath === undefined) {
    throw new Error('No Chromium found: install it with `apt-get install -y chromium-headless-shell`');
  }
  // --no-sandbox: CI runs as root, where Chromium refuses to start its sandbox.
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}
