// Deep links to code, browse and about pages, recently viewed codes and the copy button.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForData } from './harness.mjs';
import { browserSession } from './session.mjs';

const session = browserSession({ app: true, clipboard: true });

async function open(hash) {
  await session.app.page.goto(session.server.url + hash);
  await waitForPage(session.app.page);
  return session.app.page;
}

// A page has arrived when its heading has focus (the app moves focus there on navigation).
const waitForPage = (page) => page.waitForFunction(() => document.activeElement?.tagName === 'H1' && !/Loading/.test(document.activeElement.textContent));

const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));

describe('pages', () => {
  test('#/code/icd10/I21.4 shows the code in its place in the classification', async () => {
    const page = await open('#/code/icd10/I21.4');
    assert.match(await page.locator('h1').textContent(), /^I21\.4 \S/);
    const crumbs = await texts(page, '.nhsuk-breadcrumb__link');
    assert.equal(crumbs[0], 'ICD-10');
    assert.ok(crumbs.some((c) => c.startsWith('Chapter IX')), crumbs.join(' › '));
    assert.ok(crumbs.some((c) => c.startsWith('I20-I25')), crumbs.join(' › '));
    assert.ok(crumbs.at(-1).startsWith('I21 '), crumbs.join(' › '));
    const rows = Object.fromEntries(
      await page.$$eval('.nhsuk-summary-list__row', (rs) => rs.map((r) => [r.querySelector('dt').textContent, r.querySelector('dd').textContent])),
    );
    assert.match(rows['Complete code'], /^Yes/);
    assert.ok(rows['National usage']);
    const beside = await texts(page, 'h2:has-text("Codes beside it") + ul a .cg-code');
    assert.ok(beside.includes('I21.0') && !beside.includes('I21.4'), beside.join(' '));
    assert.match(await page.locator('.nhsuk-inset-text').textContent(), /dagger/i);
    assert.match(await page.title(), /I21\.4/);
  });

  test('a category that is not a complete code lists its children', async () => {
    const page = await open('#/code/icd10/I21');
    const rows = await texts(page, '.nhsuk-summary-list__value');
    assert.match(rows[0], /^No/);
    const under = await texts(page, 'h2:has-text("Codes under I21") + ul a .cg-code');
    assert.ok(under.includes('I21.4'), under.join(' '));
  });

  test('#/code/opcs4/W37.1 opens an OPCS-4 code; any written form of a code works', async () => {
    const page = await open('#/code/opcs4/w371');
    assert.match(await page.locator('h1').textContent(), /^W37\.1 /);
    assert.match(await page.locator('.nhsuk-caption-l').textContent(), /OPCS-4/);
  });

  test('an unknown code says so and offers a search', async () => {
    const page = await open('#/code/icd10/Q99.99');
    assert.match(await page.locator('h1').textContent(), /not in this data/);
    assert.equal(await page.locator('main a', { hasText: 'Search for' }).count(), 1);
  });

  test('#/browse/icd10 lists the chapters; #/browse/opcs4 includes Y (methods) and Z (sites)', async () => {
    let page = await open('#/browse/icd10');
    const icd = await texts(page, 'main .cg-concepts .cg-code');
    assert.ok(icd.includes('Chapter I') && icd.includes('Chapter IX') && icd.includes('Chapter XXI'), icd.join(' '));
    page = await open('#/browse/opcs4');
    const opcs = await texts(page, 'main .cg-concepts .cg-code');
    assert.ok(opcs.includes('Chapter W') && opcs.includes('Chapter Y') && opcs.includes('Chapter Z'), opcs.join(' '));
  });

  test('#/browse/opcs4/W lists the chapter’s categories, which open their code pages', async () => {
    const page = await open('#/browse/opcs4/W');
    const codes = await texts(page, 'main .cg-concepts .cg-code');
    assert.ok(codes.includes('W37'), codes.join(' '));
    await page.locator('main .cg-concepts a', { hasText: 'W37' }).first().click();
    await waitForPage(page);
    assert.equal(await page.evaluate(() => location.hash), '#/code/opcs4/W37');
  });

  test('#/about shows every input of the bundle with its sha256', async () => {
    const page = await open('#/about');
    const shas = await texts(page, '.cg-sha');
    assert.ok(shas.length >= 2, `${shas.length} inputs`);
    for (const sha of shas) assert.match(sha, /^[0-9a-f]{64}$/);
    assert.match(await page.locator('main').textContent(), /4\.11/);
  });

  test('recently viewed codes are listed newest first, survive a reload and can be cleared', async () => {
    let page = await open('#/code/opcs4/W37.1');
    page = await open('#/code/icd10/I21.4');
    await page.goto(session.server.url + '#/');
    await page.reload();
    await waitForData(page);
    const recent = await texts(page, '.cg-recent__list .cg-code');
    assert.deepEqual(recent.slice(0, 2), ['I21.4', 'W37.1']);
    await page.getByRole('button', { name: 'Clear recently viewed' }).click();
    assert.equal(await page.locator('.cg-recent').count(), 0);
    await page.reload();
    await waitForData(page);
    assert.equal(await page.locator('.cg-recent').count(), 0);
  });

  test('the copy button puts the code on the clipboard', async () => {
    const page = await open('#/code/icd10/I21.4');
    await page.getByRole('button', { name: /Copy code/ }).click();
    await page.waitForSelector('.cg-copy__status:has-text("Copied")');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'I21.4');
  });

  test('no console errors and no request to another origin', () => {
    assert.deepEqual(session.app.problems.consoleErrors, []);
    assert.deepEqual(session.app.problems.otherOrigins, []);
  });
});
