// Browser flows of the market morning (Vergunningen) against the mock: the counter by
// keyboard, the override reason, lot, voids and reversals, the day close, the day view,
// notes and attendance, and the English run. Called from run.mjs.
//
// The mock (src/lib/backend/mock-morning.ts): today is Saturday 28-11-2026, 08:30; AC has
// a published allocation; vendor 1 (J.P. van der Berg, 19570810.02) holds stall 1 with a
// fixed 3 m stall and electricity; vendor 250 has no registration and a permit on the
// Noordermarkt today; the mock's toezicht is Kees Bakker.

export async function permitFlows({ suite, login, tid, shot, assert, equal, noHorizontalScroll }) {
  const HOLDER = '1957081002';

  async function counterPage(role = 'supervisor') {
    const page = await login(role, '#/vergunningen/uitgifte');
    await page.waitForSelector(tid('counter-vendor'));
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    return page;
  }

  async function typeNumber(page, number) {
    await page.keyboard.type(number, { delay: 60 });
  }

  /** The invoice number shown after saving, once it differs from `before`. */
  async function issued(page, before = null) {
    await page.waitForFunction((b) => {
      const el = document.querySelector('[data-testid="issued"]');
      return el && el.dataset.invoice !== b;
    }, before);
    return page.getAttribute(tid('issued'), 'data-invoice');
  }

  await suite.test('counter: a fixed holder is issued with number, Enter, Enter', async () => {
    const page = await counterPage();
    await noHorizontalScroll(page, 'counter');
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="1"]`);
    equal(await page.getAttribute(tid('counter-status'), 'data-status'), 'vpl', 'status vpl');
    equal(await page.$$eval(tid('counter-warning'), (els) => els.length), 0, 'no warnings for a fixed holder');
    // Prefilled: the fixed 3 m stall and electricity, the allocated stall, pin.
    equal(await page.inputValue(`${tid('counter-product')}[data-key="stalls_3m"]`), '1', 'stall prefilled');
    equal(await page.inputValue(`${tid('counter-product')}[data-key="electricity"]`), '1', 'electricity prefilled');
    equal(await page.inputValue(tid('counter-stalls')), '1', 'stall number from the allocation');
    equal(await page.getAttribute(`${tid('counter-method')}[aria-checked="true"]`, 'data-method'), 'pin', 'pin by default');
    await page.waitForSelector(tid('counter-total'));
    await shot(page, '30-uitgifte-vast');
    // The focus waits on Save: one Enter saves.
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'counter-save', 'focus on save');
    await page.keyboard.press('Enter');
    const invoice = await issued(page);
    assert(/^D2026-\d{6}$/.test(invoice), `an invoice number: ${invoice}`);
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'counter-vendor', 'focus back in the vendor field');
    equal(await page.inputValue(tid('counter-vendor')), '', 'the field is empty for the next vendor');
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    await page.close();
  });

  await suite.test('counter: a scan (fast keys + Enter) and the payment keys p, c, r', async () => {
    const page = await counterPage();
    await page.keyboard.type('19570810.02', { delay: 0 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.keyboard.press('c');
    equal(await page.getAttribute(`${tid('counter-method')}[aria-checked="true"]`, 'data-method'), 'contant', 'c: cash');
    await page.keyboard.press('r');
    equal(await page.getAttribute(`${tid('counter-method')}[aria-checked="true"]`, 'data-method'), 'op_rekening', 'r: on account');
    // Typing in a text field does not switch the method.
    await page.focus(tid('counter-note'));
    await page.keyboard.type('pc');
    equal(await page.getAttribute(`${tid('counter-method')}[aria-checked="true"]`, 'data-method'), 'op_rekening', 'typing keeps the method');
    // + and − in a product field; the quote follows.
    const before = Number(await page.getAttribute(tid('counter-total'), 'data-cents'));
    await page.focus(`${tid('counter-product')}[data-key="stalls_3m"]`);
    await page.keyboard.press('+');
    equal(await page.inputValue(`${tid('counter-product')}[data-key="stalls_3m"]`), '2', '+ adds a stall');
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid="counter-total"]')?.dataset.cents) > b, before);
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('counter-idle'));
    await page.close();
  });

  await suite.test('counter: lot, already today, reason required, then saved', async () => {
    const page = await counterPage();
    // Find vendor 250 by the mock backend's own lookup: its number is in its vendor page.
    await page.evaluate(() => (location.hash = '#/ondernemers/250'));
    await page.waitForSelector(tid('vendor-form'));
    const number = await page.inputValue(tid('field-registrationNumber'));
    await page.evaluate(() => (location.hash = '#/vergunningen/uitgifte'));
    await page.waitForSelector(tid('counter-vendor'));
    await page.focus(tid('counter-vendor'));
    await typeNumber(page, number);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="250"]`);
    const codes = await page.$$eval(tid('counter-warning'), (els) => els.map((e) => e.dataset.code));
    assert(codes.includes('already_permit_today'), `already today: ${codes}`);
    assert(codes.includes('no_registration'), `lot: ${codes}`);
    assert(codes.includes('not_allocated'), `not allocated: ${codes}`);
    equal(await page.getAttribute(tid('counter-status'), 'data-status'), 'lot', 'status lot');
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'counter-override', 'focus in the reason field');
    // Saving without a reason: the core's message next to the field.
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('field-error')}[data-field="overrideReason"]`);
    await shot(page, '31-uitgifte-tweede');
    await page.fill(tid('counter-override'), '’s middags op de Albert Cuyp');
    await page.keyboard.press('Enter');
    const invoice = await issued(page);
    const total = await page.textContent(tid('issued'));
    assert(/€ 11,67/.test(total), `lot pays a 3 m stall on Saturday: ${total}`);
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    await page.close();
  });

  await suite.test('counter: search by name with arrows and Enter', async () => {
    const page = await counterPage();
    await page.keyboard.type('berg');
    await page.waitForSelector(tid('counter-result'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.keyboard.press('Escape');
    // An unknown number says so.
    await page.keyboard.type('0000000000');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-lookup-error')}[data-code="not_found"]`);
    await page.close();
  });

  await suite.test('void with a reason by keyboard: stays visible, struck through', async () => {
    const page = await counterPage();
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.keyboard.press('Enter');
    const invoice = await issued(page);
    // ↓ from the empty vendor field into the list, d, the reason, Enter.
    await page.keyboard.press('ArrowDown');
    equal(await page.evaluate(() => document.activeElement?.dataset?.invoice), invoice, 'the newest permit has the focus');
    await page.keyboard.press('d');
    await page.waitForSelector(`${tid('void-dialog')} ${tid('reason-input')}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('void-dialog')} ${tid('field-error')}[data-field="reason"]`);
    await page.keyboard.type('verkeerde ondernemer');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${invoice}"][data-voided="true"]`);
    const row = await page.textContent(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    assert(row.includes('verkeerde ondernemer'), `the reason is shown: ${row}`);
    const deco = await page.$eval(`${tid('counter-permit')}[data-invoice="${invoice}"] .line1`, (e) => getComputedStyle(e).textDecorationLine);
    equal(deco, 'line-through', 'struck through');
    await shot(page, '32-doorgehaald');
    await page.close();
  });

  await suite.test('reversal of a payment, then paying what is open by another method', async () => {
    const page = await counterPage();
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    // Two stalls: the second is paid.
    await page.focus(`${tid('counter-product')}[data-key="stalls_3m"]`);
    await page.keyboard.press('+');
    await page.keyboard.press('c');
    await page.click(tid('counter-save'));
    const invoice = await issued(page);
    await page.click(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    await page.waitForSelector(tid('reverse-payment'));
    await page.click(tid('reverse-payment'));
    await page.fill(`${tid('reverse-dialog')} ${tid('reason-input')}`, 'klant betaalt met pin');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('pay-open'));
    equal(await page.$$eval(`${tid('permit-detail')} ${tid('payment')}`, (els) => els.length), 2, 'payment and its reversal');
    await page.click(`${tid('pay-open-method')}[data-method="pin"]`);
    await page.waitForFunction(() => !document.querySelector('[data-testid="pay-open"]'));
    equal(await page.$$eval(`${tid('permit-detail')} ${tid('payment')}`, (els) => els.length), 3, 'the original, the reversal and the new payment stay');
    await shot(page, '33-terugboeking');
    await page.close();
  });

  await suite.test('correction: void and reissue with the form prefilled from the permit', async () => {
    const page = await counterPage();
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.fill(tid('counter-note'), 'hoekplaats');
    await page.click(tid('counter-save'));
    const old = await issued(page);
    await page.click(`${tid('counter-permit')}[data-invoice="${old}"]`);
    await page.click(tid('correct-permit'));
    await page.waitForSelector(tid('counter-correction'));
    equal(await page.inputValue(tid('counter-note')), 'hoekplaats', 'the note of the permit');
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'counter-correction-reason', 'focus on the reason');
    await page.keyboard.type('verkeerde plaats');
    await page.fill(tid('counter-stalls'), '2');
    await page.keyboard.press('Enter');
    const fresh = await issued(page, old);
    assert(fresh !== old, 'a new invoice number');
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${old}"][data-voided="true"]`);
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${fresh}"][data-voided="false"]`);
    await page.close();
  });

  await suite.test('day close: live difference, confirm, and the next issue is refused', async () => {
    const page = await counterPage();
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.focus(`${tid('counter-product')}[data-key="stalls_3m"]`);
    await page.keyboard.press('+');
    await page.keyboard.press('c');
    await page.click(tid('counter-save'));
    await issued(page);
    await page.click(tid('tab-dagafsluiting'));
    await page.waitForSelector(tid('close-counted'));
    const cash = Number(await page.getAttribute(tid('close-cash'), 'data-cents'));
    assert(cash > 0, `cash taken: ${cash}`);
    await page.fill(tid('close-counted'), '1.000,00');
    equal(Number(await page.getAttribute(tid('close-difference'), 'data-cents')), 100000 - cash, 'difference live');
    await page.fill(tid('close-counted'), 'veel');
    await page.keyboard.press('Enter');
    await page.click(tid('close-confirm-yes'));
    await page.waitForSelector(`${tid('field-error')}[data-field="countedCash"]`);
    await page.fill(tid('close-counted'), (cash / 100).toFixed(2).replace('.', ','));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('close-confirm-yes'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('close-done'));
    await shot(page, '34-dagafsluiting');
    await page.click(tid('tab-uitgifte'));
    await page.waitForSelector(tid('counter-vendor'));
    await page.focus(tid('counter-vendor'));
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('form-error')}[data-code="conflict"]`);
    assert(/al afgesloten/.test(await page.textContent(tid('form-error'))), 'the core says the day is closed');
    await page.close();
  });

  await suite.test('day view: totals add up, counts, several permits, the permits table', async () => {
    const page = await counterPage();
    let last = null;
    for (const extra of [0, 1]) {
      await page.focus(tid('counter-vendor'));
      await typeNumber(page, HOLDER);
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('counter-form'));
      if (extra) {
        await page.focus(`${tid('counter-product')}[data-key="stalls_3m"]`);
        await page.keyboard.press('+');
        await page.keyboard.press('c');
        await page.focus(tid('counter-override'));
        await page.keyboard.type('tweede kraam');
      }
      await page.keyboard.press('Enter');
      last = await issued(page, last);
      await page.waitForSelector(tid('counter-idle'));
    }
    await page.click(tid('tab-dagoverzicht'));
    await page.waitForSelector(tid('dayview'));
    equal(await page.textContent(tid('dv-permits')), '2', 'two valid permits');
    equal(await page.getAttribute(tid('dv-balance'), 'data-balanced'), 'true', 'received equals due');
    const total = Number(await page.getAttribute(tid('dv-total'), 'data-cents'));
    const byMethod = await page.$$eval(tid('dv-money'), (els) => els.reduce((s, e) => s + Number(e.dataset.cents), 0));
    equal(byMethod, total, 'money by method adds up to the total');
    const due = await page.$$eval(`${tid('dv-permit')}[data-voided="false"]`, (els) => els.length);
    equal(due, 2, 'the table lists the permits');
    await page.waitForSelector(tid('dv-multiple'));
    await noHorizontalScroll(page, 'day view');
    await shot(page, '35-dagoverzicht');
    // Any past day works: the market day before (Friday) is empty in the mock.
    await page.click('[aria-label="Vorige marktdag"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="permits-day"]').value === '27-11-2026');
    await page.waitForSelector(tid('dv-empty'));
    await page.close();
  });

  await suite.test('notes: add with Ctrl+Enter, tick off', async () => {
    const page = await login('supervisor', '#/vergunningen/notities');
    await page.waitForSelector(tid('note-text'));
    await page.keyboard.type('Stroom viel uit in rij B');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`${tid('note')}[data-done="false"]`);
    await page.click(tid('note-tick'));
    await page.waitForSelector(`${tid('note')}[data-done="true"]`);
    await page.focus(tid('note-text'));
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`${tid('field-error')}[data-field="text"]`);
    await page.close();
  });

  await suite.test('attendance: toggle before the cut-off; after it a reason, and only a senior', async () => {
    const page = await login('supervisor', '#/vergunningen/aanmeldingen');
    await page.waitForSelector(tid('attendance-row'));
    // Today is past its cut-off (15:00 yesterday).
    equal(await page.getAttribute(tid('attendance-cutoff'), 'data-after'), 'true', 'today is closed');
    await page.focus(tid('attendance-row'));
    const first = await page.getAttribute(tid('attendance-row'), 'data-vendor-id');
    await page.keyboard.press(' ');
    await page.waitForSelector(`${tid('attendance-late')} ${tid('reason-input')}`);
    await page.keyboard.type('ziek gemeld om 7 uur');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('attendance-late')} ${tid('form-error')}[data-code="forbidden"]`);
    await shot(page, '36-aanmelden-na-sluiting');
    await page.keyboard.press('Escape');
    // Monday 30-11: still open; space signs the fixed holder off.
    await page.fill(tid('permits-day'), '30-11-2026');
    await page.press(tid('permits-day'), 'Enter');
    await page.waitForSelector(`${tid('attendance-cutoff')}[data-after="false"]`);
    await page.focus(`${tid('attendance-row')}[data-vendor-id="${first}"]`);
    await page.keyboard.press(' ');
    await page.waitForSelector(`${tid('attendance-row')}[data-vendor-id="${first}"][data-comes="false"]`);
    // Filters.
    await page.click(tid('attendance-filter-komt_niet'));
    await page.waitForSelector(`${tid('attendance-row')}[data-vendor-id="${first}"]`);
    // The side panel: weekly pattern and an absence.
    await page.focus(`${tid('attendance-row')}[data-vendor-id="${first}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('attendance-panel'));
    await page.check(`${tid('pattern-day')}[data-day="ma"]`);
    await page.click(tid('pattern-save'));
    await page.waitForSelector(`${tid('attendance-panel')} ${tid('saved')}`);
    await page.fill(`${tid('absence-form')} ${tid('field-from')}`, '10-12-2026');
    await page.fill(`${tid('absence-form')} ${tid('field-until')}`, '01-12-2026');
    await page.click(tid('absence-add'));
    await page.waitForSelector(`${tid('absence-form')} ${tid('field-error')}[data-field="until"]`);
    await page.fill(`${tid('absence-form')} ${tid('field-until')}`, '20-12-2026');
    await page.fill(tid('absence-reason'), 'vakantie');
    await page.click(tid('absence-add'));
    await page.waitForSelector(tid('absences'));
    await noHorizontalScroll(page, 'attendance');
    await shot(page, '37-aanmeldingen');
    await page.close();

    // A senior changes it after the cut-off, with the reason.
    const senior = await login('senior', '#/vergunningen/aanmeldingen');
    await senior.waitForSelector(tid('attendance-row'));
    const id = await senior.getAttribute(tid('attendance-row'), 'data-vendor-id');
    const comes = await senior.getAttribute(tid('attendance-row'), 'data-comes');
    await senior.focus(tid('attendance-row'));
    await senior.keyboard.press(' ');
    await senior.keyboard.type('belde om 7 uur af');
    await senior.keyboard.press('Enter');
    await senior.waitForSelector(`${tid('attendance-row')}[data-vendor-id="${id}"][data-comes="${comes === 'true' ? 'false' : 'true'}"]`);
    await senior.close();
  });

  await suite.test('roles: finance does not reach Vergunningen; the tabs follow the permissions', async () => {
    const page = await login('finance', '#/vergunningen');
    await page.waitForSelector(tid('no-access'));
    await page.close();
    const sup = await login('supervisor', '#/vergunningen');
    const tabs = await sup.$$eval('[data-testid^="tab-"]', (els) => els.map((e) => e.dataset.testid.slice(4)));
    equal(tabs, ['uitgifte', 'dagoverzicht', 'dagafsluiting', 'notities', 'aanmeldingen'], 'supervisor tabs');
    await sup.close();
  });

  await suite.test('English: every visible string of the permit screens translated', async () => {
    const page = await counterPage();
    await page.click(tid('locale-en'));
    await page.waitForFunction(() => document.querySelector('[data-testid="tab-uitgifte"]')?.textContent.includes('Counter'));
    await page.focus(tid('counter-vendor'));
    await typeNumber(page, HOLDER);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('counter-form'));
    await page.waitForSelector(tid('counter-total'));
    const dutch = ['Ondernemer', 'Opslaan', 'Betaling', 'Aanwezig', 'Plaatsen', 'Producten', 'Berekening', 'Totaal', 'Vergunningen van'];
    const check = async (where) => {
      const text = await page.textContent('main');
      const found = dutch.filter((w) => text.includes(w));
      equal(found, [], `${where}: no Dutch UI words`);
    };
    await check('counter');
    await shot(page, '38-english-counter');
    for (const tab of ['dagoverzicht', 'dagafsluiting', 'notities', 'aanmeldingen']) {
      await page.click(tid(`tab-${tab}`));
      await page.waitForTimeout(150);
      const text = await page.textContent('main');
      for (const w of ['Vergunningen', 'Afsluitingen', 'Notities', 'Aanmelden', 'Ontvangen', 'Weekpatroon', 'Geteld', 'Komt niet']) {
        assert(!text.includes(w), `${tab}: Dutch word ${w} in English`);
      }
    }
    await page.click(tid('locale-nl'));
    await page.close();
  });
}
