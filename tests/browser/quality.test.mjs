// Accessibility (axe-core, WCAG 2.2 AA) on every kind of page, and a 360 px wide phone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { openApp, search } from './harness.mjs';
import { browserSession } from './session.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PAGES = ['#/code/icd10/I21.4', '#/code/opcs4/W37.1', '#/browse/icd10', '#/browse/opcs4/W', '#/about', '#/nowhere',
  '#/group?dx=I21.4,N18.4&px=&age=70&sex=male&adm=non-elective&los=3', '#/compare?dx=I21.4&age=70&b.dx=I21.4,N18.4'];

const session = browserSession();

/** Serious and critical axe violations on the page as it is now, one line each. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }),
  );
  return result.violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

for (const [name, viewport] of [['desktop', { width: 1024, height: 800 }], ['360 px phone', { width: 360, height: 740 }]]) {
  describe(`accessibility and layout, ${name}`, () => {
    let app;
    before(async () => {
      app = await openApp(session.browser, session.server.url, { viewport });
    });
    after(() => app.context.close());

    test('search page with results and a highlighted result', async () => {
      await search(app.page, 'heart attack');
      await app.page.keyboard.press('ArrowDown');
      assert.deepEqual(await axeViolations(app.page), []);
    });

    for (const hash of PAGES) {
      test(`${hash}`, async () => {
        await app.page.goto(session.server.url + hash);
        await app.page.waitForFunction(() => document.activeElement?.tagName === 'H1');
        assert.deepEqual(await axeViolations(app.page), []);
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
      });
    }

    test('no console errors and no request to another origin', () => {
      assert.deepEqual(app.problems.consoleErrors, []);
      assert.deepEqual(app.problems.otherOrigins, []);
    });
  });
}
