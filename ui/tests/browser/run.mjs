// Browser flows against the mock build (dist-mock) in headless Chromium.
// `npm run test:browser` builds first; screenshots go to ui/tests/browser/screenshots/ (not kept:
// the README's screenshots come from the real window, see tests/e2e).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, newPage, Suite, assert, equal } from './harness.mjs';
import { permitFlows } from './permits.mjs';
import { reportFlows } from './reports.mjs';
import { inspectionFlows } from './inspections.mjs';
import { dateFlows } from './dates.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../dist-mock');
const shots = path.resolve(here, 'screenshots');
fs.mkdirSync(shots, { recursive: true });

const ACCOUNTS = {
  admin: ['beheer', 'beheer-2026', 'Beheerder', 'beheerder'],
  senior: ['medewerker', 'marktbureau-2026', 'Mirjam de Vries', 'medewerker marktbureau'],
  supervisor: ['toezicht', 'toezicht-2026', 'Kees Bakker', 'markttoezichthouder'],
  finance: ['financien', 'financien-2026', 'Fatima el Amrani', 'financiën'],
};
const ALL_NAV = ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer'];

const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}/index.html`;
const { browser, userDataDir } = await launch();
const problems = [];
const suite = new Suite();

const tid = (id) => `[data-testid="${id}"]`;

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** No horizontal scrollbar at 1280×720: neither the page nor the main area scrolls sideways. */
async function noHorizontalScroll(page, where) {
  const widths = await page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      doc: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
      main: main ? [main.scrollWidth, main.clientWidth] : [0, 0],
    };
  });
  assert(widths.doc[0] <= widths.doc[1], `${where}: the page scrolls sideways (${widths.doc})`);
  assert(widths.main[0] <= widths.main[1] + 1, `${where}: the main area scrolls sideways (${widths.main})`);
}

async function open(hash = '', query = '') {
  const page = await newPage(browser, problems);
  await page.goto(`${base}${query}${hash}`);
  return page;
}

async function login(role, hash = '', query = '') {
  const page = await open('', query);
  const [user, password] = ACCOUNTS[role];
  await page.fill(tid('login-username'), user);
  await page.fill(tid('login-password'), password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('user-menu'));
  if (hash) {
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForTimeout(50);
  }
  return page;
}

async function navIds(page) {
  return page.$$eval('[data-testid^="nav-"]', (els) => els.map((e) => e.dataset.testid.slice(4)));
}

try {
  await suite.test('the real build (dist) holds no mock backend and no mock data', async () => {
    const dist = path.resolve(here, '../../dist/assets');
    const files = fs.readdirSync(dist);
    assert(!files.some((f) => /mock/i.test(f)), `no mock chunk: ${files}`);
    for (const f of files.filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(dist, f), 'utf8');
      for (const marker of ['Albert Cuypmarkt', 'rioleringswerk', 'geblokkeerd-2026', 'Fatima el Amrani']) {
        assert(!text.includes(marker), `${f} contains mock data (${marker})`);
      }
    }
  });

  await suite.test('first run: needs_setup offers empty and demo; demo leads to the login', async () => {
    const page = await open('', '?mock=needs_setup');
    await page.waitForSelector(tid('setup-demo'));
    assert(await page.isVisible(tid('setup-empty')), 'setup-empty is visible');
    await shot(page, '01-setup');
    await page.click(tid('setup-empty'));
    await page.waitForSelector(tid('field-username'));
    await page.click(tid('save'));
    await page.waitForSelector(`${tid('field-error')}[data-field="username"]`);
    await page.getByRole('button', { name: 'Terug' }).click();
    await page.click(tid('setup-demo'));
    await page.waitForSelector(tid('login-username'));
    await page.close();
  });

  await suite.test('start-up error: a clear screen with the message and what to do', async () => {
    const page = await open('', '?mock=error');
    await page.waitForSelector(tid('startup-error'));
    const text = await page.textContent('main');
    assert(/schemaversie/.test(text), 'the core message is shown');
    assert(/Wat nu\?/.test(text), 'what to do is shown');
    await shot(page, '02-startup-error');
    await page.close();
  });

  await suite.test('login: the core message for login_failed and account_locked', async () => {
    const page = await open();
    await page.fill(tid('login-username'), 'beheer');
    await page.fill(tid('login-password'), 'fout');
    await page.click(tid('login-submit'));
    await page.waitForSelector(tid('login-error'));
    equal(await page.getAttribute(tid('login-error'), 'data-code'), 'login_failed', 'code');
    assert(/onjuist wachtwoord/.test(await page.textContent(tid('login-error'))), 'login_failed message');
    await shot(page, '03-login-error');
    await page.fill(tid('login-username'), 'geblokkeerd');
    await page.fill(tid('login-password'), 'geblokkeerd-2026');
    await page.click(tid('login-submit'));
    await page.waitForSelector(`${tid('login-error')}[data-code="account_locked"]`);
    assert(/geblokkeerd/.test(await page.textContent(tid('login-error'))), 'account_locked message');
    await page.close();
  });

  for (const role of ['admin', 'senior', 'supervisor', 'finance']) {
    await suite.test(`role ${role}: the navigation it sees`, async () => {
      const page = await login(role);
      const nav = await navIds(page);
      const menu = await page.textContent(tid('user-menu'));
      assert(menu.includes(ACCOUNTS[role][2]) && menu.includes(ACCOUNTS[role][3]), `user menu shows name and role: ${menu}`);
      if (role === 'finance') {
        equal(nav, ['rapporten'], 'finance sees only Rapporten');
        await page.waitForSelector(tid('finance-export'));
        equal((await page.textContent(tid('screen-title'))).trim(), 'Rapporten', 'finance lands on Rapporten');
        await page.evaluate(() => (location.hash = '#/ondernemers'));
        await page.waitForSelector(tid('no-access'));
        await shot(page, '20-finance-no-access');
      } else if (role === 'supervisor') {
        equal(nav, ALL_NAV.filter((s) => s !== 'beheer'), 'supervisor: all but Beheer');
        await page.evaluate(() => (location.hash = '#/beheer'));
        await page.waitForSelector(tid('no-access'));
        await shot(page, '21-supervisor-no-access');
      } else {
        equal(nav, ALL_NAV, `${role}: every section`);
      }
      if (role === 'senior') {
        await page.click(tid('nav-beheer'));
        await page.waitForSelector(tid('account-list'));
        equal(await page.$$eval('.tabs a', (els) => els.map((e) => e.dataset.testid)), ['tab-accounts', 'tab-backups'], 'senior: accounts and backups in Beheer');
        await page.click(`${tid('account-row')}[data-username="geblokkeerd"] ${tid('unlock')}`);
        await page.waitForSelector(`${tid('account-row')}[data-username="geblokkeerd"] .tag.good`);
      }
      await page.click(tid('logout'));
      await page.waitForSelector(tid('login-username'));
      await page.close();
    });
  }

  await suite.test('every section is built: none says "not built"', async () => {
    const page = await login('senior');
    // Every section is built now: none may still say it is not.
    for (const s of ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer']) {
      await page.click(tid(`nav-${s}`));
      await page.waitForTimeout(150);
      equal(await page.locator(tid('not-built')).count(), 0, `${s} is built`);
    }
    await page.close();
  });

  await suite.test('vandaag: today and the markets held today', async () => {
    const page = await login('senior');
    await page.waitForSelector(tid('today-markets'));
    assert(/zaterdag 28 november 2026/.test(await page.textContent(tid('today-date'))), 'the date in Dutch');
    const text = await page.textContent(tid('today-markets'));
    assert(text.includes('Albert Cuypmarkt') && text.includes('Noordermarkt') && !text.includes('Dappermarkt'), `Saturday markets: ${text}`);
    await noHorizontalScroll(page, 'vandaag');
    await shot(page, '04-vandaag');
    await page.close();
  });

  await suite.test('vendors: search, virtualised rows, keyboard open, edit and save', async () => {
    const page = await login('senior');
    await page.keyboard.press('/');
    await page.waitForSelector(tid('vendor-search'));
    await page.waitForSelector(tid('vendor-row'));
    equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'vendor-search', '/ focuses the search');
    const total = await page.textContent(tid('vendor-count'));
    assert(/1\.?500 ondernemers/.test(total), `all vendors counted: ${total}`);
    const rendered = await page.locator(tid('vendor-row')).count();
    assert(rendered > 5 && rendered < 80, `only the visible rows are in the DOM: ${rendered}`);
    await noHorizontalScroll(page, 'ondernemers');
    await shot(page, '05-ondernemers');
    // Scrolling far down loads later pages.
    await page.locator('.vlist').evaluate((el) => (el.scrollTop = 32 * 1200));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="vendor-row"]')].length > 5 && document.querySelector('.vlist').scrollTop > 30000);
    await page.waitForFunction(() => !document.querySelector('.tr.placeholder'));
    // Type to search; the core filters without diacritics.
    await page.fill(tid('vendor-search'), 'celik');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="vendor-row"]')];
      return rows.length > 0 && rows.every((r) => r.textContent.includes('Çelik'));
    });
    await page.fill(tid('vendor-search'), '19570810.02');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="vendor-row"]').length === 1);
    await page.fill(tid('vendor-search'), 'berg');
    await page.waitForFunction(() => document.querySelector('[data-testid="vendor-row"]')?.textContent.includes('Berg'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('vendor-form'));
    const title = await page.textContent(tid('screen-title'));
    assert(/Berg/.test(title), `opened a Berg: ${title}`);
    await shot(page, '06-ondernemer');
    await noHorizontalScroll(page, 'ondernemer');
    // Edit a field, save with Ctrl+S, see the change.
    await page.fill(`${tid('vendor-form')} ${tid('field-phone')}`, '020-5551234');
    await page.fill(`${tid('vendor-form')} ${tid('field-surname')}`, 'Bergsma');
    await page.focus(`${tid('vendor-form')} ${tid('field-phone')}`);
    await page.keyboard.press('Control+s');
    await page.waitForSelector(tid('saved'));
    await page.waitForFunction(() => /Bergsma/.test(document.querySelector('[data-testid="screen-title"]').textContent));
    await page.goBack();
    await page.waitForSelector(tid('vendor-search'));
    await page.fill(tid('vendor-search'), 'bergsma');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="vendor-row"]').length === 1);
    await page.click(tid('vendor-row'));
    await page.waitForSelector(tid('vendor-form'));
    equal(await page.inputValue(`${tid('vendor-form')} ${tid('field-phone')}`), '020-5551234', 'the saved phone');
    await page.close();
  });

  await suite.test('vendors: a validation error appears next to its field', async () => {
    const page = await login('senior', '#/ondernemers/5');
    await page.waitForSelector(tid('vendor-form'));
    await page.fill(tid('field-email'), 'geen e-mail');
    await page.fill(tid('field-registrationNumber'), '123');
    await page.click(`${tid('vendor-form')} ${tid('save')}`);
    await page.waitForSelector(`${tid('field-error')}[data-field="email"]`);
    const beside = await page.evaluate(() => {
      const err = document.querySelector('[data-testid="field-error"][data-field="email"]');
      return err.closest('.field').querySelector('[data-testid="field-email"]') !== null;
    });
    assert(beside, 'the e-mail error sits in the e-mail field');
    assert(await page.isVisible(`${tid('field-error')}[data-field="registrationNumber"]`), 'registration_number maps to its field');
    equal(await page.getAttribute(tid('field-email'), 'aria-invalid'), 'true', 'the field is marked invalid');
    assert(!(await page.isVisible(tid('saved'))), 'nothing saved');
    await shot(page, '07-ondernemer-fout');
    await page.close();
  });

  await suite.test('vendors: registrations and substitutes', async () => {
    const page = await login('senior', '#/ondernemers/3');
    await page.waitForSelector(tid('registrations'));
    await page.click(tid('new-registration'));
    await page.waitForSelector(tid('registration-form'));
    await page.selectOption(`${tid('registration-form')} ${tid('field-marketId')}`, { label: 'NOM – Noordermarkt' });
    await page.fill(`${tid('registration-form')} ${tid('field-listNumber')}`, '7');
    await page.fill(`${tid('registration-form')} ${tid('field-stalls')}`, '99');
    await page.click(`${tid('registration-form')} ${tid('save')}`);
    await page.waitForSelector(`${tid('registration-form')} ${tid('field-error')}[data-field="stalls"]`);
    await page.fill(`${tid('registration-form')} ${tid('field-stalls')}`, '4');
    await page.click(`${tid('registration-form')} ${tid('save')}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="registration-row"]').length === 2);
    await page.fill(`${tid('substitute-form')} ${tid('field-substitute')}`, '1957081002');
    await page.click(`${tid('substitute-form')} ${tid('save')}`);
    await page.waitForSelector(`${tid('substitutes')} td`);
    await shot(page, '08-ondernemer-sollicitaties');
    await page.close();
  });

  await suite.test('stall map: rows and stalls, select and edit by keyboard', async () => {
    const page = await login('admin');
    await page.click(tid('nav-markten'));
    await page.waitForSelector(tid('market-list'));
    await shot(page, '09-markten');
    await page.getByRole('link', { name: 'Albert Cuypmarkt' }).click();
    await page.waitForSelector(tid('stall-map'));
    equal(await page.locator(tid('stall-row')).count(), 3, 'three rows');
    equal(await page.locator(tid('stall')).count(), 64, 'all stalls');
    assert((await page.locator(tid('obstacle')).count()) > 0, 'obstacles drawn');
    const blocked = page.locator(`${tid('stall')}[data-blocked="true"]`);
    equal(await blocked.count(), 3, 'blocked stalls today');
    assert(/rioleringswerk/.test(await blocked.first().getAttribute('title')), 'blocked reason in the tooltip');
    await noHorizontalScroll(page, 'stall map');
    // Keyboard: Tab into the map, arrows move, Enter edits.
    await page.focus(`${tid('stall')}[data-stall-number="1"]`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    equal(await page.evaluate(() => document.activeElement.dataset.stallNumber), '3', 'arrows move along the row');
    await page.keyboard.press('ArrowDown');
    equal(await page.evaluate(() => document.activeElement.dataset.stallNumber), '27', 'down moves to the next row');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('stall-panel'));
    equal(await page.evaluate(() => document.activeElement.dataset.testid), 'field-number', 'Enter moves into the panel');
    await page.fill(`${tid('stall-panel')} ${tid('field-number')}`, '4a');
    await page.keyboard.press('Control+s');
    await page.waitForSelector(`${tid('stall-panel')} ${tid('saved')}`);
    await page.waitForSelector(`${tid('stall')}[data-stall-number="4a"]`);
    // A duplicate number is refused with the error at the field.
    await page.fill(`${tid('stall-panel')} ${tid('field-number')}`, '5');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('stall-panel')} ${tid('field-error')}[data-field="number"]`);
    await shot(page, '10-plattegrond');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('stall-panel'), { state: 'detached' });
    // Add a stall to a row and an obstacle.
    await page.locator(tid('add-stall')).first().click();
    await page.fill(`${tid('stall-panel')} ${tid('field-number')}`, '100');
    await page.click(`${tid('stall-panel')} ${tid('save')}`);
    await page.waitForSelector(`${tid('stall')}[data-stall-number="100"]`);
    await page.click(`${tid('stall')}[data-stall-number="1"]`);
    const before = await page.locator(tid('obstacle')).count();
    await page.click(tid('add-obstacle'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="obstacle"]').length === n + 1, before);
    await page.click(tid('block'));
    await page.waitForSelector(`${tid('block-section')} ${tid('field-error')}[data-field="reason"]`);
    await page.fill(`${tid('block-section')} ${tid('field-reason')}`, 'kabelwerk');
    await page.click(tid('block'));
    await page.waitForSelector(`${tid('stall')}[data-stall-number="1"][data-blocked="true"]`);
    await page.click(tid('tab-rules'));
    await page.waitForSelector(tid('branch-rules'));
    await shot(page, '11-branches-op-markt');
    await page.click(tid('tab-details'));
    await page.waitForSelector(tid('market-form'));
    await shot(page, '12-marktgegevens');
    await page.close();
  });

  // ── Indeling ───────────────────────────────────────────────────────────────────────
  const stallSel = (n) => `${tid('alloc-stall')}[data-stall-number="${n}"]`;
  const rowOf = (id) => `${tid('alloc-result')}[data-vendor-id="${id}"]`;

  /** Opens Indeling on the mock's Monday (tomorrow is a Sunday: no market) and runs it. */
  async function allocated(role = 'senior') {
    const page = await login(role);
    await page.click(tid('nav-indeling'));
    await page.waitForSelector(tid('alloc-not-held'));
    equal(await page.inputValue(tid('alloc-day')), '29-11-2026', 'the day is tomorrow');
    await page.click(tid('alloc-next-day'));
    await page.waitForFunction(() => document.querySelector('[data-testid="alloc-day"]').value === '30-11-2026');
    await page.waitForSelector(tid('alloc-run'));
    await page.click(tid('alloc-run'));
    await page.waitForSelector(tid('alloc-result'));
    return page;
  }

  /** The vendor ids of the list's rows with this rejection text. */
  async function rejectedWith(page, text) {
    return page.$$eval(`${tid('alloc-result')}[data-outcome="afgewezen"]`, (rows, t) =>
      rows.filter((r) => r.querySelector('[data-testid="alloc-result-text"]').textContent.includes(t)).map((r) => Number(r.dataset.vendorId)), text);
  }

  await suite.test('indeling: run, see every result and its explanation', async () => {
    const page = await allocated();
    equal((await page.textContent(tid('alloc-version-title'))).trim(), 'Versie 1', 'version 1');
    equal(await page.getAttribute(tid('alloc-state'), 'data-state'), 'concept', 'a draft');
    assert(/Mirjam de Vries/.test(await page.textContent(tid('alloc-version'))), 'who made it');
    const states = await page.$$eval(tid('alloc-stall'), (els) => els.map((e) => e.dataset.state));
    assert(states.filter((x) => x === 'assigned').length > 40, 'stalls given out');
    assert(states.includes('free'), 'free stalls shown as free');
    equal(await page.getAttribute(stallSel('50'), 'data-state'), 'blocked', 'the blocked stall');
    assert(/v\.d\. Berg/.test(await page.textContent(stallSel('1'))), 'the short name on the stall');
    // Filters and counts.
    const all = await page.locator(tid('alloc-result')).count();
    assert(/Alle\s+\d+/.test(await page.textContent(tid('alloc-filter-all'))), 'counts in the filters');
    await page.click(tid('alloc-filter-rejected'));
    const rejected = await page.locator(tid('alloc-result')).count();
    assert(rejected > 0 && rejected < all, `rejected filter: ${rejected} of ${all}`);
    assert(/branche vol/.test(await page.textContent(tid('alloc-results'))), 'the reason in Dutch');
    // The explanation unfolds.
    await page.locator(tid('alloc-explain-toggle')).first().click();
    assert(/afgewezen/.test(await page.locator(tid('alloc-explanation')).first().textContent()), 'the explanation');
    // Search.
    await page.click(tid('alloc-filter-all'));
    await page.fill(tid('alloc-search'), '19570810.02');
    equal(await page.locator(tid('alloc-result')).count(), 1, 'search by registration number');
    await page.fill(tid('alloc-search'), '');
    // A stall on the map selects its vendor in the list.
    await page.click(stallSel('2'));
    const vendor = await page.getAttribute(stallSel('2'), 'data-vendor-id');
    await page.waitForSelector(`${rowOf(vendor)}.selected ${tid('alloc-explanation')}`);
    await noHorizontalScroll(page, 'indeling');
    await shot(page, '25-indeling');
    await page.close();
  });

  await suite.test('indeling: overrides with a reason, the branch maximum, publish, version 2 beside version 1', async () => {
    const page = await allocated();
    // Assign a free stall to a rejected vendor: chosen on the map, refused without a reason.
    const [anywhere] = await rejectedWith(page, 'nergens');
    await page.click(`${rowOf(anywhere)} .line`);
    await page.click(tid('action-assign'));
    await page.waitForSelector(tid('alloc-pick'));
    await page.click(stallSel('62'));
    equal(await page.inputValue(tid('alloc-pick-stalls')), '62', 'the chosen stall is typed back');
    await page.click(tid('alloc-pick-next'));
    await page.waitForSelector(tid('override-dialog'));
    equal(await page.inputValue(`${tid('override-form')} ${tid('field-stalls')}`), '62', 'the dialog has the stall');
    await page.click(tid('override-save'));
    await page.waitForSelector(`${tid('override-form')} ${tid('field-error')}[data-field="reason"]`);
    await shot(page, '26-indeling-reden-verplicht');
    await page.fill(`${tid('override-form')} ${tid('field-reason')}`, 'vaste klant van de hoek');
    await page.click(tid('override-save'));
    await page.waitForSelector(tid('override-dialog'), { state: 'detached' });
    await page.waitForSelector(`${stallSel('62')}[data-vendor-id="${anywhere}"]`);
    assert(/versie 1/.test(await page.textContent(tid('alloc-notice'))), 'saved in version 1');
    assert(/vaste klant van de hoek/.test(await page.textContent(`${rowOf(anywhere)} ${tid('alloc-explanation')}`)), 'the reason in the explanation');

    // A branch at its maximum: typed stall numbers, then the core asks for the override rule.
    const [full] = await rejectedWith(page, 'branche vol');
    await page.click(`${rowOf(full)} .line`);
    await page.click(tid('action-assign'));
    await page.fill(tid('alloc-pick-stalls'), '63');
    await page.press(tid('alloc-pick-stalls'), 'Enter');
    await page.waitForSelector(tid('override-dialog'));
    await page.fill(`${tid('override-form')} ${tid('field-reason')}`, 'ruil met de vishandel');
    await page.click(tid('override-save'));
    await page.waitForSelector(`${tid('override-rule')} ${tid('field-error')}[data-field="overrideRule"]`);
    assert(/branchemaximum/.test(await page.textContent(tid('override-rule'))), 'the core says which maximum');
    await page.check(`${tid('override-rule')} ${tid('field-breakRule')}`);
    await page.click(tid('override-save'));
    await page.waitForSelector(`${tid('override-rule')} ${tid('field-error')}[data-field="overrideRule"]`);
    await page.fill(`${tid('override-rule')} ${tid('field-overrideRule')}`, 'de markt is vandaag rustig');
    await shot(page, '27-indeling-regel-doorbreken');
    await page.click(tid('override-save'));
    await page.waitForSelector(tid('override-dialog'), { state: 'detached' });
    await page.waitForSelector(`${stallSel('63')}[data-vendor-id="${full}"]`);
    await page.click(`${tid('alloc-overrides')} summary`);
    equal(await page.locator(tid('alloc-override')).count(), 2, 'both changes listed');

    // Publish; a change afterwards makes version 2; version 1 stays as published.
    await page.click(tid('alloc-publish'));
    await page.waitForSelector(`${tid('alloc-state')}[data-state="gepubliceerd"]`);
    assert(!(await page.isVisible(tid('alloc-run'))), 'no run after publishing');
    const someone = await page.getAttribute(stallSel('5'), 'data-vendor-id');
    await page.click(stallSel('5'));
    await page.click(`${rowOf(someone)} ${tid('action-remove')}`);
    await page.waitForSelector(tid('override-dialog'));
    assert(/versie 2/.test(await page.textContent(tid('override-dialog'))), 'the dialog says a new version comes');
    await page.fill(`${tid('override-form')} ${tid('field-reason')}`, 'ziek gemeld');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('override-dialog'), { state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="alloc-version-title"]').textContent.includes('2'));
    equal(await page.getAttribute(stallSel('5'), 'data-state'), 'free', 'stall 5 is free in version 2');
    assert(/versie 1/.test(await page.textContent(tid('alloc-version'))), 'based on version 1');
    const v1 = await page.$eval(tid('alloc-versions'), (sel) => [...sel.options].find((o) => o.textContent.includes('versie 1')).value);
    await page.selectOption(tid('alloc-versions'), v1);
    await page.waitForSelector(tid('alloc-readonly'));
    equal(await page.getAttribute(stallSel('5'), 'data-vendor-id'), someone, 'version 1 still has stall 5 given out');
    equal(await page.getAttribute(tid('alloc-state'), 'data-state'), 'gepubliceerd', 'version 1 is the published one');
    await page.click(stallSel('5'));
    await page.waitForSelector(`${rowOf(someone)}.selected`);
    assert(!(await page.isVisible(tid('alloc-actions'))), 'an older version is read-only');
    assert(!(await page.isVisible(tid('alloc-publish'))), 'no publishing of an older version');
    await page.close();
  });

  await suite.test('indeling: move a vendor by keyboard only', async () => {
    const page = await login('senior');
    await page.keyboard.press('Alt+4');
    await page.waitForSelector(tid('alloc-day'));
    // Typed key by key, as a clerk does; the day is taken when the clerk is done (Tab).
    await page.click(tid('alloc-day'));
    await page.keyboard.press('Control+a');
    await page.keyboard.type('30-11-2026');
    await page.keyboard.press('Tab');
    await page.waitForSelector(`${tid('alloc-dayname')}[data-day="2026-11-30"]`);
    equal(await page.inputValue(tid('alloc-day')), '30-11-2026', 'the typed date stays as typed');
    await page.waitForSelector(tid('alloc-run'));
    await page.focus(tid('alloc-run'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('alloc-result'));
    // The list: search, ↓ into the rows, Tab to the actions, Enter on Verplaatsen.
    await page.focus(tid('alloc-search'));
    await page.keyboard.press('ArrowDown');
    const vendor = await page.evaluate(() => document.activeElement.closest('[data-testid="alloc-result"]').dataset.vendorId);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    equal(await page.evaluate(() => document.activeElement.closest('[data-testid="alloc-result"]').dataset.vendorId), vendor, 'arrows move through the list');
    await page.keyboard.press('Tab');
    equal(await page.evaluate(() => document.activeElement.dataset.testid), 'action-move', 'Tab reaches the actions');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('alloc-pick'));
    // The map has the focus on the vendor's stall; arrows to stall 62, Enter chooses it.
    equal(await page.evaluate(() => document.activeElement.dataset.vendorId), vendor, 'the focus is on the vendor’s stall');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    equal(await page.evaluate(() => document.activeElement.dataset.stallNumber), '62', 'arrows reach stall 62');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${stallSel('62')}.target`);
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(tid('override-dialog'));
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'field-reason');
    await page.keyboard.type('dichter bij de ingang');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('override-dialog'), { state: 'detached' });
    await page.waitForSelector(`${stallSel('62')}[data-vendor-id="${vendor}"]`);
    equal(await page.getAttribute(stallSel('1'), 'data-state'), 'free', 'the old stall is free');
    // Esc leaves a change being chosen.
    await page.click(`${rowOf(vendor)} ${tid('action-move')}`);
    await page.waitForSelector(tid('alloc-pick'));
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('alloc-pick'), { state: 'detached' });
    await page.close();
  });

  await suite.test('indeling: drag a vendor onto free stalls and onto another vendor', async () => {
    const page = await allocated();
    const vendor = await page.getAttribute(stallSel('3'), 'data-vendor-id');
    await page.dragAndDrop(stallSel('3'), stallSel('63'));
    await page.waitForSelector(`${tid('override-form')}[data-kind="verplaatsen"]`);
    equal(await page.inputValue(`${tid('override-form')} ${tid('field-stalls')}`), '63', 'dropped on 63');
    await page.fill(`${tid('override-form')} ${tid('field-reason')}`, 'op verzoek');
    await page.click(tid('override-save'));
    await page.waitForSelector(`${stallSel('63')}[data-vendor-id="${vendor}"]`);
    const other = await page.getAttribute(stallSel('7'), 'data-vendor-id');
    await page.dragAndDrop(stallSel('63'), stallSel('7'));
    await page.waitForSelector(`${tid('override-form')}[data-kind="ruilen"]`);
    equal(await page.inputValue(`${tid('override-form')} ${tid('field-other')}`), other, 'the other vendor chosen');
    await page.fill(`${tid('override-form')} ${tid('field-reason')}`, 'ruilen op verzoek');
    await page.click(tid('override-save'));
    await page.waitForSelector(`${stallSel('7')}[data-vendor-id="${vendor}"]`);
    equal(await page.getAttribute(stallSel('63'), 'data-vendor-id'), other, 'swapped');
    await page.close();
  });

  await suite.test('indeling: a supervisor reads the allocation; finance does not see it', async () => {
    const page = await allocated();
    await page.click(tid('logout'));
    await page.fill(tid('login-username'), 'toezicht');
    await page.fill(tid('login-password'), 'toezicht-2026');
    await page.click(tid('login-submit'));
    await page.click(tid('nav-indeling'));
    await page.fill(tid('alloc-day'), '30-11-2026');
    await page.press(tid('alloc-day'), 'Enter');
    await page.waitForSelector(tid('alloc-result'));
    assert(!(await page.isVisible(tid('alloc-run'))) && !(await page.isVisible(tid('alloc-publish'))), 'no run, no publish');
    await page.click(stallSel('1'));
    await page.waitForSelector(`${tid('alloc-result')}.selected`);
    assert(!(await page.isVisible(tid('alloc-actions'))), 'no changes');
    equal(await page.getAttribute(stallSel('1'), 'draggable'), 'false', 'nothing to drag');
    await page.close();
    const fin = await login('finance', '#/indeling');
    await fin.waitForSelector(tid('no-access'));
    await fin.close();
  });

  await suite.test('print panel: preview and print each document of the day, no printer said plainly', async () => {
    const page = await login('senior');
    await page.click(tid('nav-markten'));
    await page.waitForSelector(tid('market-list'));
    await page.getByRole('link', { name: 'Albert Cuypmarkt' }).click();
    await page.waitForSelector(tid('stall-map'));
    equal(await page.locator(tid('print-panel')).count(), 0, 'the panel is closed at first');
    // Keyboard: the toggle, then Tab to the first document's Preview, Enter.
    await page.focus(tid('print-toggle'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('print-panel'));
    equal(await page.getAttribute(tid('print-toggle'), 'aria-expanded'), 'true', 'the toggle says it is open');
    const docs = await page.$$eval('[data-testid^="print-"][data-testid$="list"], [data-testid="print-day-close"], [data-testid="print-barcodes"]', (els) =>
      els.filter((e) => e.tagName === 'LI').map((e) => e.dataset.testid.slice(6)),
    );
    equal(docs, ['daily-list', 'permit-list', 'day-close', 'week-list', 'ab-list', 'barcodes'], 'six documents');
    await page.keyboard.press('Tab');
    equal(await page.evaluate(() => document.activeElement.dataset.testid), 'preview-daily-list', 'Tab reaches Preview');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('print-done'));
    const done = await page.textContent(tid('print-done'));
    assert(/Dagelijkse marktlijst geopend/.test(done) && /dagelijkse-marktlijst-AC-\d{4}-\d{2}-\d{2}\.pdf/.test(done), done);
    // Print: the mock, like a browser, has no printer; the message says so and where the PDF is.
    await page.click(tid('print-button-day-close'));
    await page.waitForSelector(tid('print-error'));
    equal(await page.getAttribute(tid('print-error'), 'data-code'), 'no_printer', 'the no_printer code');
    const said = await page.textContent(tid('print-error'));
    assert(/Niet afgedrukt/.test(said) && /geen printer ingesteld/.test(said) && /kasopmaak-AC-/.test(said), said);
    equal(await page.locator(tid('print-done')).count(), 0, 'no success message with the error');
    await noHorizontalScroll(page, 'print panel');
    await shot(page, '13a-afdrukken');
    // Another day: the panel follows the day picker.
    await page.click('button[aria-label="Volgende dag"]');
    await page.click(tid('preview-permit-list'));
    await page.waitForSelector(tid('print-done'));
    assert(!(await page.textContent(tid('print-done'))).includes(done.match(/\d{4}-\d{2}-\d{2}/)[0]), 'the next day');
    await page.close();
  });

  await suite.test('print panel: the A/B list only where the market uses A/B lists', async () => {
    const page = await login('supervisor');
    await page.click(tid('nav-markten'));
    await page.waitForSelector(tid('market-list'));
    await page.getByRole('link', { name: 'Noordermarkt' }).click();
    await page.waitForSelector(tid('stall-map'));
    await page.click(tid('print-toggle'));
    await page.waitForSelector(tid('print-panel'));
    assert(await page.isDisabled(tid('preview-ab-list')), 'no A/B list on a weekly market');
    assert(/A\/B-lijsten/.test(await page.textContent(tid('print-ab-list'))), 'and it says why');
    assert(!(await page.isDisabled(tid('preview-week-list'))), 'the week list is there');
    await page.click(tid('preview-barcodes'));
    await page.waitForSelector(tid('print-done'));
    await page.close();
  });

  await suite.test('branches: list and form with the core’s errors', async () => {
    const page = await login('admin', '#/markten/branches');
    await page.waitForSelector(tid('branch-list'));
    await page.keyboard.press('n');
    await page.waitForSelector(tid('branch-form'));
    await page.fill(`${tid('branch-form')} ${tid('field-colour')}`, 'rood');
    await page.keyboard.press('Control+s');
    await page.waitForSelector(`${tid('field-error')}[data-field="code"]`);
    assert(await page.isVisible(`${tid('field-error')}[data-field="colour"]`), 'colour error');
    await shot(page, '13-branches');
    await page.close();
  });

  await suite.test('quote simulator: lines and totals of fees.md, live', async () => {
    const page = await login('admin', '#/beheer/offerte');
    await page.waitForSelector(tid('quote-lines'));
    await page.fill(tid('field-day'), '2026-03-02');
    await page.selectOption(tid('field-status'), 'vpl');
    const set = async (id, n) => page.fill(tid(id), String(n));
    await set('fixed-stalls_4m', 1);
    await set('fixed-electricity', 1);
    await set('fixed-island', 1);
    await set('requested-stalls_3m', 1);
    await set('requested-stalls_4m', 1);
    await set('requested-extra_meters', 2);
    await set('requested-electricity', 2);
    await set('requested-island', 1);
    await page.waitForFunction(() => document.querySelector('[data-testid="total-incl"]')?.textContent === '€ 20,34');
    equal(await page.textContent(tid('total-excl')), '€ 19,36', 'total excl');
    equal(await page.textContent(tid('total-vat')), '€ 0,98', 'total VAT');
    equal(await page.locator(tid('quote-line')).count(), 11, 'the eleven lines of fees.md');
    equal(await page.textContent(tid('quote-plan')), 'Lineair 2026', 'plan');
    await noHorizontalScroll(page, 'quote');
    await shot(page, '14-tariefsimulator');
    // A day without a plan: the core's error, plainly.
    await page.selectOption(tid('field-market'), { label: 'WGM – Westergasmarkt' });
    await page.waitForSelector(`${tid('quote-error')}[data-code="no_tariff_plan"]`);
    await page.close();
  });

  await suite.test('beheer: tariff plans with Dutch money, VAT, kinds, products, accounts', async () => {
    const page = await login('admin', '#/beheer/plannen');
    await page.waitForSelector(tid('plan-list'));
    await page.getByRole('button', { name: 'Wijzigen' }).first().click();
    await page.waitForSelector(tid('plan-form'));
    equal(await page.inputValue(tid('field-rate-meter')), '2,46', 'rates shown as Dutch money');
    await page.fill(tid('field-rate-cleaning'), '0,4x');
    await page.keyboard.press('Control+s');
    await page.waitForSelector(`${tid('plan-form')} ${tid('field-error')}`);
    const beside = await page.evaluate(() =>
      document.querySelector('[data-testid="field-rate-cleaning"]').parentElement.querySelector('[data-testid="field-error"]') !== null,
    );
    assert(beside, 'the rate error sits next to the rate');
    await page.fill(tid('field-rate-cleaning'), '0,49');
    await page.keyboard.press('Control+s');
    await page.waitForSelector(`${tid('plan-form')} ${tid('saved')}`);
    await shot(page, '15-tariefplannen');
    for (const [tab, list, name] of [
      ['tarieven', 'kind-list', '16-tariefsoorten'],
      ['producten', 'product-list', '17-producten'],
      ['btw', 'vat-list', '18-btw'],
      ['accounts', 'account-list', '19-accounts'],
    ]) {
      await page.click(tid(`tab-${tab}`));
      await page.waitForSelector(tid(list));
      await noHorizontalScroll(page, tab);
      if (tab === 'accounts') {
        await page.keyboard.press('n');
        await page.waitForSelector(tid('account-form'));
        await page.fill(`${tid('account-form')} ${tid('field-username')}`, 'beheer');
        await page.fill(`${tid('account-form')} ${tid('field-password')}`, 'kort');
        await page.click(`${tid('account-form')} ${tid('save')}`);
        await page.waitForSelector(`${tid('field-error')}[data-field="password"]`);
      }
      await shot(page, name);
    }
    await page.close();
  });

  await suite.test('keyboard: ? overlay, Esc, g-letter and Alt+digit navigation', async () => {
    const page = await login('admin');
    await page.waitForSelector(tid('today-date'));
    await page.keyboard.press('?');
    await page.waitForSelector(tid('shortcut-overlay'), { state: 'visible' });
    await shot(page, '23-sneltoetsen');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('shortcut-overlay'), { state: 'hidden' });
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    await page.waitForSelector(tid('market-list'));
    await page.keyboard.press('Alt+8');
    await page.waitForFunction(() => location.hash.startsWith('#/beheer'));
    await page.keyboard.press('Alt+3');
    await page.waitForSelector(tid('vendor-search'));
    // The focus ring is visible on keyboard focus.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert(outline !== 'none', `a focus ring: ${outline}`);
    await page.close();
  });

  await suite.test('English is selectable and complete on the main screens', async () => {
    const page = await login('admin');
    await page.click(tid('locale-en'));
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-markten"]').textContent.includes('Markets'));
    await page.click(tid('nav-ondernemers'));
    await page.waitForSelector(tid('vendor-row'));
    assert(/vendors/.test(await page.textContent(tid('vendor-count'))), 'count in English');
    await shot(page, '24-english');
    await page.click(tid('locale-nl'));
    await page.close();
  });

  await permitFlows({ suite, login, tid, shot, assert, equal, noHorizontalScroll });
  await reportFlows({ suite, login, tid, shot, assert, equal, noHorizontalScroll });
  await inspectionFlows({ suite, login, tid, shot, assert, equal, noHorizontalScroll });
  await dateFlows({ suite, login, tid, shot, assert, equal });

  await suite.test('no CSP violations or console errors in any flow', async () => {
    equal(problems, [], 'problems');
  });
} finally {
  await browser.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

process.exit(suite.summary() ? 1 : 0);
