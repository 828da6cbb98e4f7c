// Search as a coder uses it: codes and words typed into the box, the filter, and the keyboard.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { results, search } from './harness.mjs';
import { browserSession } from './session.mjs';

const session = browserSession({ app: true });

// What a coder types → codes (or code prefixes), one of which must be among the first five results.
const FIRST_RESULTS = [
  ['I21.4', ['I21.4']],
  ['i214', ['I21.4']],
  ['G20X', ['G20']],
  ['W37.1', ['W37.1']],
  ['appendicectomy', ['H01', 'H02']],
  ['heart attack', ['I21', 'I22']],
  ['lap chole', ['J18']],
];

describe('search', () => {
  for (const [query, expected] of FIRST_RESULTS) {
    test(`“${query}” finds ${expected.join(' or ')} in the first results`, async () => {
      const top = (await search(session.app.page, query)).slice(0, 5).map((r) => r.code);
      assert.ok(top.some((code) => expected.some((e) => code.startsWith(e))), `first results for “${query}”: ${top.join(', ')}`);
    });
  }

  test('results follow every keystroke', async () => {
    const { page } = session.app;
    const input = page.locator('#search-input');
    await input.fill('');
    const seen = [];
    for (const key of 'I21') {
      await input.press(key);
      const typed = await input.inputValue();
      await page.waitForFunction((q) => document.querySelector('.cg-status')?.dataset.query === q, typed);
      seen.push((await results(page)).map((r) => r.code).join(' '));
    }
    assert.equal(new Set(seen).size, 3, `the list changed after each keystroke: ${seen.map((s) => s.slice(0, 40)).join(' | ')}`);
  });

  test('the address bar follows the query once typing pauses, without a history entry per keystroke', async () => {
    const { page } = session.app;
    const input = page.locator('#search-input');
    await input.fill('');
    const before = await page.evaluate(() => history.length);
    await input.pressSequentially('hernia');
    await page.waitForFunction(() => location.hash.includes('q=hernia'));
    assert.equal(await page.evaluate(() => history.length), before);
  });

  test('each result shows code, title, classification and path', async () => {
    const [first] = await search(session.app.page, 'I21.4');
    assert.equal(first.code, 'I21.4');
    assert.equal(first.system, 'ICD-10');
    assert.ok(first.title.length > 3, first.title);
    const path = await session.app.page.locator('#search-results [role=option]').first().locator('.cg-result__path').textContent();
    assert.match(path, /I21/);
  });

  test('the filter limits results to one classification', async () => {
    const { page } = session.app;
    await page.getByLabel('OPCS-4 procedures').check();
    const opcs = await search(page, 'excision');
    assert.ok(opcs.length > 0);
    assert.deepEqual([...new Set(opcs.map((r) => r.system))], ['OPCS-4']);
    await page.getByLabel('ICD-10 diagnoses').check();
    await page.waitForFunction(() => [...document.querySelectorAll('#search-results .cg-result__system')].every((s) => s.textContent === 'ICD-10'));
    await page.getByLabel('Both').check();
  });

  test('keyboard: / focuses, ↓/↑ move, Enter opens, Esc clears', async () => {
    const { page } = session.app;
    await search(page, 'I21');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const input = page.locator('#search-input');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'search-result-1');
    const second = page.locator('#search-result-1');
    assert.equal(await second.getAttribute('aria-selected'), 'true');
    const code = await second.getAttribute('data-code');

    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => location.hash.endsWith(`/${c}`), code);
    assert.match(await page.locator('h1').textContent(), new RegExp(code.replace('.', '\\.')));

    await page.keyboard.press('/');
    await page.waitForSelector('#search-input:focus');
    assert.equal(await input.inputValue(), 'I21', 'the query survives a visit to a code page');
    await page.keyboard.press('Escape');
    assert.equal(await input.inputValue(), '');
    assert.equal(await page.locator('#search-results').count(), 0);
  });

  test('the search URL keeps the query, so Back returns to the same results', async () => {
    const { page } = session.app;
    await search(page, 'myocardial');
    await page.locator('#search-results [role=option]').first().click();
    await page.waitForFunction(() => location.hash.startsWith('#/code/'));
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#search-input')?.value === 'myocardial');
    assert.ok((await results(page)).length > 0);
  });

  test('a search link opens with its query and filter', async () => {
    const { page } = session.app;
    await page.goto(`${session.server.url}#/?q=W37&system=opcs4`);
    await page.waitForFunction(() => document.querySelector('.cg-status')?.dataset.query === 'W37');
    assert.ok(await page.getByLabel('OPCS-4 procedures').isChecked());
    assert.equal((await results(page))[0].code, 'W37');
  });

  test('no console errors and no request to another origin', () => {
    assert.deepEqual(session.app.problems.consoleErrors, []);
    assert.deepEqual(session.app.problems.otherOrigins, []);
  });
});
