// The documentation site as a reader meets it: built with TypeDoc (typedoc.json, warnings as errors:
// this is `npm test`'s TypeDoc check) into a temporary folder, served over HTTP on 127.0.0.1 and opened in headless Chromium. The landing page lists every
// package, search finds `JoinSet`, a guide renders its code, the benchmarks page shows its charts; a
// crawl of every page finds no link to a missing page or to a raw source file, and no `@internal` member. Screenshots of the
// landing page, a guide and a class page go to test-artifacts/site/ (git-ignored), for a human to look at.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs module without declarations
import { launchChromium } from '../scripts/browser.mjs';
import { internalMembers } from './internal-members';

const root = join(import.meta.dirname, '..');
const artifacts = join(root, 'test-artifacts', 'site');
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'src')),
);
const guides = existsSync(join(root, 'docs/guides'))
  ? readdirSync(join(root, 'docs/guides')).filter((f) => f.endsWith('.md'))
  : [];

const work = mkdtempSync(join(tmpdir(), 'async-site-'));
const out = join(work, 'site');
let server: Server;
let base: string;
let browser: Browser;
let page: Page;

/** Builds the site from typedoc.json into `out`; a TypeDoc warning fails the build. */
function build(): void {
  const args = [
    '--html',
    out,
    '--json',
    join(out, 'api.json'),
    '--logLevel',
    'Warn',
    '--treatWarningsAsErrors',
  ];
  execFileSync(join(root, 'node_modules/.bin/typedoc'), args, { cwd: root, stdio: 'pipe' });
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** A static file server over `out`, as any host of the site would be. */
function serve(): Promise<string> {
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(out, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(out) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
    }),
  );
}

beforeAll(async () => {
  build();
  base = await serve();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  mkdirSync(artifacts, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (server !== undefined) await new Promise((resolve) => server.close(resolve)); // none if the build failed
  rmSync(work, { recursive: true, force: true });
});

/** Opens a page of the site and waits until TypeDoc's script has shown it. */
async function open(path: string): Promise<void> {
  const response = await page.goto(base + path);
  expect(response?.status(), path).toBe(200);
  await page.locator('.col-content').waitFor({ state: 'visible' });
}

// A loaded machine (the whole suite runs in parallel) makes a page load slow: generous bounds per test.
describe('the documentation site', { timeout: 60_000 }, () => {
  test('the landing page is for choosing a package, and lists every package', async () => {
    await open('index.html');
    const content = page.locator('.col-content');
    await expect(content.locator('h1').first().textContent()).resolves.toContain('@async');
    const text = (await content.textContent()) ?? '';
    expect(text).toContain('Which package for which job');
    expect(text).toContain('npm install @async/');
    for (const pkg of packages) {
      const link = content.locator(`a:text-is("@async/${pkg}")`);
      expect(await link.count(), `@async/${pkg} on the landing page`).toBeGreaterThan(0);
      expect(await link.first().getAttribute('href')).toMatch(/^modules\//);
    }
    // Not the contributor README: no `npm test` first.
    expect(text).not.toContain('npm test');
    await page.screenshot({ path: join(artifacts, 'landing.png'), fullPage: true });
  });

  test('searching JoinSet finds the class', async () => {
    await open('index.html');
    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('JoinSet');
    const first = page.locator('#tsd-search-results li a').first();
    await first.waitFor({ state: 'visible', timeout: 10_000 });
    const results = await page.locator('#tsd-search-results li').allTextContents();
    expect(results.some((r) => r.includes('JoinSet'))).toBe(true);
    const hrefs = await page
      .locator('#tsd-search-results li a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const target = hrefs.find((h) => /classes\/[^/]*\.JoinSet\.html$/.test(h));
    expect(target, `a result opens the JoinSet class page: ${hrefs.join(', ')}`).toBeDefined();
    await open(target!.replace(/^\.\//, ''));
    await expect(page.locator('.col-content h1').first().textContent()).resolves.toContain('JoinSet');
    await page.screenshot({ path: join(artifacts, 'class-joinset.png'), fullPage: false });
  });

  test('a guide renders with its code blocks', async () => {
    await open('index.html');
    // The menu is drawn by TypeDoc's script from navigation.js.
    const menu = page.locator('.site-menu a[href*="documents/"]');
    await menu.first().waitFor({ state: 'attached' });
    const links = await menu.evaluateAll((as) => [
      ...new Set(as.map((a) => new URL((a as HTMLAnchorElement).href).pathname.slice(1))),
    ]);
    const guidePages = links.filter((h) => !/documents\/(Examples|Benchmarks)/.test(h));
    expect(guidePages.length, 'the menu lists the guides').toBe(guides.length);
    // The first guide with code, highlighted.
    let shown = false;
    for (const href of guidePages) {
      await open(href);
      const blocks = page.locator('.col-content pre code');
      if ((await blocks.count()) === 0) continue;
      await expect(blocks.first().isVisible()).resolves.toBe(true);
      expect(await blocks.first().locator('span').count(), 'highlighted').toBeGreaterThan(0);
      // The screenshot shows the first TypeScript block, or the first block if none imports anything.
      const ts = blocks.filter({ hasText: 'import' });
      await ((await ts.count()) > 0 ? ts : blocks)
        .first()
        .evaluate((code) => window.scrollTo(0, code.getBoundingClientRect().top + window.scrollY - 200));
      await page.screenshot({ path: join(artifacts, 'guide.png'), fullPage: false });
      shown = true;
      break;
    }
    expect(shown, 'some guide has a code block').toBe(true);
  });

  test('the benchmarks page shows every chart', async () => {
    await open('documents/Benchmarks.html');
    const charts = page.locator('.col-content img[src$=".svg"]');
    const expected = readdirSync(join(root, 'docs/site/charts')).length;
    expect(await charts.count()).toBe(expected);
    await charts.last().scrollIntoViewIfNeeded();
    const sizes = await charts.evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({
        src: img.src,
        width: img.naturalWidth,
        complete: img.complete,
      })),
    );
    for (const size of sizes) expect(size.width, `${size.src} loaded`).toBeGreaterThan(0);
  });

  test('the examples catalogue lists every example and shows its source', async () => {
    await open('documents/Examples.html');
    const ids = await page.locator('.col-content td:first-child a').allTextContents();
    const files = readdirSync(join(root, 'examples')).filter((f) => /^[a-z]{2}-\d\d-.*\.ts$/.test(f));
    expect(ids.length).toBe(files.length);
    await page.locator('.col-content a:text-is("TK-05")').click();
    await page.waitForURL(/Examples\.Tasks\.html#tk-05/);
    const source = page.locator('.col-content pre code').filter({ hasText: 'new JoinSet' });
    expect(await source.count()).toBeGreaterThan(0);
  });

  test('no page links to a missing page, and no page shows an @internal member', async () => {
    // Crawled over HTTP: every page, script, style sheet and image any page refers to.
    const seen = new Set<string>(['index.html']);
    const queue = ['index.html'];
    const missing: string[] = [];
    const pages = new Map<string, string>();
    for (let i = 0; i < queue.length && i < 5000; i++) {
      const path = queue[i]!;
      const response = await fetch(base + path);
      if (response.status !== 200) {
        missing.push(path);
        continue;
      }
      if (!path.endsWith('.html')) continue;
      const html = await response.text();
      pages.set(path, html);
      for (const [, ref] of html.matchAll(/(?:href|src)="([^"#?]+)[^"]*"/g)) {
        if (/^[a-z]+:/.test(ref!) || ref!.startsWith('//')) continue; // another site
        const target = new URL(ref!, base + path).pathname.slice(1);
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    expect(missing).toEqual([]);
    // Links to an example's source or a results file lead to their pages, not to raw copies.
    expect([...seen].filter((path) => /\.(ts|md)$/.test(path))).toEqual([]);
    expect(pages.size).toBeGreaterThan(100);
    expect([...pages.keys()]).toContain('documents/Benchmarks.html');

    // A member section of a class or interface page is `<h3 id="<name>">`.
    const shown: string[] = [];
    const internal = packages.flatMap((pkg) => [...internalMembers(pkg)]);
    expect(internal).toContain('Mutex.data'); // there is something to look for
    for (const [path, html] of pages) {
      const owner = /^(?:classes|interfaces)\/.*\.([A-Za-z0-9_]+)\.html$/.exec(path)?.[1];
      if (owner === undefined) continue;
      const ids = new Set(
        [
          ...html.matchAll(
            /<section class="tsd-panel tsd-member[^"]*"><h3 class="tsd-anchor-link" id="([^"]+)"/g,
          ),
        ].map((m) => m[1]),
      );
      for (const member of internal.filter((m) => m.startsWith(`${owner}.`))) {
        if (ids.has(member.slice(owner.length + 1).toLowerCase())) shown.push(`${member} on ${path}`);
      }
    }
    expect(shown).toEqual([]);
  });

  test('its JSON output (api.json) documents no @internal member either', () => {
    const site = JSON.parse(readFileSync(join(out, 'api.json'), 'utf8')) as Reflection;
    const documented = documentedMembers(site);
    expect(documented).toContain('Mutex.lock'); // the walk finds members at all
    const internal = new Set(packages.flatMap((pkg) => [...internalMembers(pkg)]));
    expect(documented.filter((m) => internal.has(m))).toEqual([]);
    expect(JSON.stringify(site)).not.toContain('"@internal"');
  });
});

interface Reflection {
  name: string;
  kind: number;
  children?: Reflection[];
}

/** `Class.member` for every member of a class or an interface (TypeDoc's kinds 128 and 256) the site documents. */
function documentedMembers(node: Reflection, found: string[] = []): string[] {
  for (const child of node.children ?? []) {
    if (child.kind === 128 || child.kind === 256) {
      for (const member of child.children ?? []) found.push(`${child.name}.${member.name}`);
    }
    documentedMembers(child, found);
  }
  return found;
}
