// The estimator: shared links, the grouping reference cases (the same file the native tests use,
// so the browser and the command line cannot disagree), building a case by keyboard, compare,
// history and malformed links.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserSession } from './session.mjs';

const REFERENCE = JSON.parse(readFileSync(new URL('../cases/grouping_reference.json', import.meta.url), 'utf8'));

const session = browserSession({ app: true, clipboard: true });

/** The link of a reference case, in the format of the issue: `#/group?dx=…&px=…&age=…`. */
function link(c) {
  const params = new URLSearchParams();
  if (c.diagnoses.length) params.set('dx', c.diagnoses.join(','));
  if (c.procedures.length) params.set('px', c.procedures.join(','));
  if (c.age !== undefined) params.set('age', String(c.age));
  params.set('sex', c.sex);
  params.set('adm', c.admission);
  params.set('los', String(c.los_days));
  if (c.provider) params.set('mff', c.provider);
  return `#/group?${params}`;
}

async function open(hash) {
  await session.app.page.goto(session.server.url + hash);
  await session.app.page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  return session.app.page;
}

/** HRG, price and edits of each result panel on the page. */
const panels = (page) =>
  page.$$eval('.cg-result-panel', (ps) =>
    ps.map((p) => ({
      hrg: p.querySelector('.cg-hrg')?.textContent.trim(),
      price: p.querySelector('.cg-price')?.dataset.gbp,
      priceText: p.querySelector('.cg-price')?.textContent,
      edits: [...p.querySelectorAll('[data-edit]')].map((w) => w.dataset.edit),
      unbundled: [...p.querySelectorAll('.cg-unbundled-item')].map((u) => u.textContent.trim()),
    })),
  );

describe('estimator', () => {
  test('the shared link of the issue shows EB10E and £1,754', async () => {
    const page = await open('#/group?dx=I21.4&age=70&sex=male&adm=non-elective&los=3');
    const [result] = await panels(page);
    assert.equal(result.hrg, 'EB10E');
    assert.match(result.priceText, /^£1,754 \(non-elective, /);
    assert.match(await page.locator('.cg-indicative').textContent(), /Indicative/i);
  });

  for (const c of REFERENCE.cases) {
    test(`reference case: ${c.name}`, async () => {
      const page = await open(link(c));
      const [result] = await panels(page);
      if (c.expect.hrg) assert.equal(result.hrg, c.expect.hrg);
      if (c.expect.price_gbp !== undefined) assert.equal(Number(result.price), c.expect.price_gbp);
      for (const edit of c.expect.warnings ?? []) assert.ok(result.edits.includes(edit), `${edit} in ${result.edits.join(', ')}`);
    });
  }

  test('an HRG without a 2024/25 price says so, with no £0 shown', async () => {
    const page = await open('#/group?dx=F32.9&age=40&sex=female&adm=non-elective&los=5');
    const [result] = await panels(page);
    assert.equal(result.hrg, 'WD06Z');
    assert.equal(result.price, undefined);
    assert.doesNotMatch(result.priceText, /£/);
    assert.ok(result.edits.includes('root-not-priced'), result.edits.join(', '));
  });

  test('chemotherapy and imaging are listed as unbundled beside the core HRG, which they do not change', async () => {
    const page = await open('#/group?dx=C50.9&px=X72.3,U21.2&age=60&sex=female&adm=day-case&los=0');
    const [result] = await panels(page);
    assert.equal(result.hrg, 'JA12F');
    assert.deepEqual(result.unbundled.map((u) => u.split(' ')[0]), ['X72.3', 'U21.2']);
    assert.match(result.unbundled[0], /SB12/);
    assert.match(result.unbundled[1], /RD20/);
  });

  test('a compare link shows B in a higher EB10 band and a +£ difference, with B’s extra codes marked', async () => {
    const page = await open('#/compare?dx=I21.4&age=70&sex=male&adm=non-elective&los=3&b.dx=I21.4,N18.4,E11.9,I48.9,J44.9');
    const [a, b] = await panels(page);
    assert.match(a.hrg, /^EB10[A-E]$/);
    assert.match(b.hrg, /^EB10[A-E]$/);
    assert.ok(b.hrg < a.hrg, `B ${b.hrg} is a higher CC band than A ${a.hrg}`);
    assert.match(await page.locator('.cg-difference__amount').textContent(), /^\+£[\d,]+/);
    const marked = await page.$$eval('.cg-slot__code--differs', (els) => els.map((e) => e.dataset.code));
    assert.deepEqual(marked.sort(), ['E11.9', 'I48.9', 'J44.9', 'N18.4']);
    assert.equal(await page.locator('.cg-trace--parting').count(), 2, 'the step where they part is marked on both sides');
  });

  test('a case is built from the keyboard; Back and Forward move between its states', async () => {
    const page = await open('#/group?age=70&sex=male&adm=non-elective&los=3');
    const dx = page.locator('#a-add-icd10');
    await dx.focus();
    await dx.pressSequentially('I21.4');
    await page.waitForSelector('#a-add-icd10-suggestions [role=option][data-code="I21.4"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('dx=I21.4'));
    await page.locator('#a-add-icd10').pressSequentially('N18.4');
    await page.waitForSelector('#a-add-icd10-suggestions [role=option][data-code="N18.4"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('dx=I21.4,N18.4'));
    const codes = await page.$$eval('.cg-slot__code', (els) => els.map((e) => e.dataset.code));
    assert.deepEqual(codes, ['I21.4', 'N18.4']);

    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('.cg-slot__code').length === 1);
    await page.goForward();
    await page.waitForFunction(() => document.querySelectorAll('.cg-slot__code').length === 2);

    await page.getByRole('button', { name: /move N18.4 up/ }).click();
    await page.waitForFunction(() => location.hash.includes('dx=N18.4,I21.4'));
    await page.getByRole('button', { name: /Remove\s*N18.4/ }).click();
    await page.waitForFunction(() => location.hash.includes('dx=I21.4') && !location.hash.includes('N18.4'));
  });

  test('a code page adds its code to the case', async () => {
    await open('#/group?dx=I21.4&age=70&sex=male&adm=non-elective&los=3');
    const page = await open('#/code/icd10/N18.4');
    await page.getByRole('link', { name: 'Add to the case as a secondary diagnosis' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/group?dx=I21.4,N18.4'));
  });

  test('Shift+Enter on a search result adds it to the case', async () => {
    const page = await open('#/group?dx=I21.4&age=70&sex=male&adm=non-elective&los=3');
    await page.goto(`${session.server.url}#/?q=${encodeURIComponent('W37.1')}`);
    await page.waitForFunction(() => document.querySelector('#search-result-0')?.dataset.code === 'W37.1');
    await page.locator('#search-input').press('Shift+Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/group?dx=I21.4&px=W37.1'));
  });

  test('the codes copy in keying order and the case downloads as JSON', async () => {
    const page = await open('#/group?dx=I21.4,N18.4&px=W37.1&age=70&sex=male&adm=non-elective&los=3');
    await page.getByRole('button', { name: 'Copy the codes' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.cg-copy__status')].some((s) => s.textContent.startsWith('Copied')));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'I21.4 N18.4 W37.1');
    const href = await page.getByRole('link', { name: 'Download as JSON' }).getAttribute('href');
    const json = JSON.parse(decodeURIComponent(href.replace('data:application/json;charset=utf-8,', '')));
    assert.equal(json.case.primary, 'I21.4');
    assert.equal(json.grouping.hrg, (await panels(page))[0].hrg);
  });

  test('the print view of a comparison fits on one A4 page', async () => {
    const page = await open('#/compare?dx=I21.4&age=70&sex=male&adm=non-elective&los=3&b.dx=I21.4,N18.4,E11.9,I48.9,J44.9');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.equal(pages.length, 1);
  });

  test('a malformed link opens with a message on each field concerned', async () => {
    const page = await open('#/group?dx=ZZZ9,I21.4&age=old&sex=x&adm=soon&los=99999999999999');
    const errors = await page.$$eval('.nhsuk-error-message', (els) => els.map((e) => e.textContent));
    for (const field of ['Age', 'Sex', 'Admission', 'Length of stay']) {
      assert.ok(errors.some((e) => e.includes(field)), `${field}: ${errors.join(' | ')}`);
    }
    assert.match(await page.locator('[data-code="ZZZ9"]').textContent(), /not an ICD-10 code/);
    const [result] = await panels(page);
    assert.ok(result.hrg, 'a result is still shown');
  });

  test('no console errors and no request to another origin', () => {
    assert.deepEqual(session.app.problems.consoleErrors, []);
    assert.deepEqual(session.app.problems.otherOrigins, []);
  });
});
