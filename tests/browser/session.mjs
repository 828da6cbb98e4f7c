// The set-up every browser test file shares: a server for dist/ and a Chromium for the file's
// tests, closed after them; with `app`, the app opened once in a fresh context (with `clipboard`,
// allowed to read and write the clipboard).
import { after, before } from 'node:test';
import { launchChromium, openApp, serveDist } from './harness.mjs';

/** Register the file's before/after hooks; the returned object is filled in before its tests run. */
export function browserSession({ app = false, clipboard = false } = {}) {
  const session = {};
  before(async () => {
    session.server = await serveDist();
    session.browser = await launchChromium();
    if (app) {
      session.app = await openApp(session.browser, session.server.url);
      if (clipboard) {
        await session.app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.server.url).origin });
      }
    }
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
