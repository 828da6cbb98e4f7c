// Shared by the browser tests and the measurement script: a static server for dist/ on loopback,
// Debian Chromium through playwright-core, and a page that records console errors and any
// request to another origin.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.bundle': 'application/octet-stream',
};

/** Serve dist/ on 127.0.0.1 at a free port. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(DIST, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(DIST.replace(/[\\/]$/, '') + sep) && file !== DIST) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Headless Debian Chromium with the flags from docs/TOOLCHAIN.md. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A fresh context and page whose console errors, page errors and off-origin requests are recorded. */
export async function openApp(browser, baseUrl, { viewport = { width: 1024, height: 800 }, hash = '#/' } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = { consoleErrors: [], otherOrigins: [] };
  const origin = new URL(baseUrl).origin;
  page.on('console', (msg) => msg.type() === 'error' && problems.consoleErrors.push(msg.text()));
  page.on('pageerror', (err) => problems.consoleErrors.push(String(err)));
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) problems.otherOrigins.push(req.url());
  });
  await page.goto(baseUrl + hash);
  await waitForData(page);
  return { context, page, problems };
}

/** The app has loaded the bundle (on the search page: the search box is usable). */
export async function waitForData(page) {
  await page.waitForSelector('main[data-ready=true]', { timeout: 30_000 });
}

/** Type a query into the search box (replacing what is there) and return the results shown. */
export async function search(page, query) {
  const input = page.locator('#search-input');
  await input.fill('');
  await input.pressSequentially(query);
  // The status line names the query it describes, so this waits for the render of the last keystroke.
  await page.waitForFunction((q) => document.querySelector('.cg-status')?.dataset.query === q, query);
  return results(page);
}

/** The codes, systems and rules of the results listed now. */
export function results(page) {
  return page.$$eval('#search-results [role=option]', (options) =>
    options.map((o) => ({
      code: o.dataset.code,
      rule: o.dataset.rule,
      system: o.querySelector('.cg-result__system')?.textContent,
      title: o.querySelector('.cg-result__title')?.textContent,
    })),
  );
}
