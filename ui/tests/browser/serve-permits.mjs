// The market-morning flows of permits.mjs, on the REAL core (called from serve.mjs): a scan
// and the payment keys, lot, a second permit with a reason, void, correction (void and
// reissue), a payment reversal, the day close, the day view's totals, notes and attendance.
// Every vendor is found in the demo database by SQL; every number the page shows is compared
// with the database (sqlite3), and the database is checked after each action.
//
// ctx: { suite, startServer(name) → {db, base}, login(role, problems, hash), sql(db, q), tid,
//        assert, equal, noProblems, AC, MORNING }

export async function servePermitFlows({ suite, startServer, login, sql, tid, assert, equal, noProblems, accessible, AC, MORNING }) {
  let db = null;
  const q = (query) => sql(db, query);
  const valid = `NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)`;

  /** Fixed holders of AC (active, no enforcement, fixed products and stall), none with a permit on the morning. */
  function holders(n) {
    return q(
      `SELECT v.registration_number, v.id FROM vendor v
         JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND r.status <> 'soll'
          AND EXISTS (SELECT 1 FROM registration_product rp WHERE rp.registration_id = r.id)
          AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY r.list_number LIMIT ${n}`,
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [number, id] = line.split('|');
        return { number, id };
      });
  }
  const holder = () => {
    const [h] = holders(1);
    assert(h, 'a fixed holder of AC without a permit on the morning');
    return h;
  };

  async function counterPage(problems, role = 'supervisor') {
    const page = await login(role, problems, '#/vergunningen/uitgifte');
    await page.waitForSelector(tid('counter-vendor'));
    equal(await page.inputValue(tid('permits-market')), AC, 'AC is chosen');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    return page;
  }

  /** The invoice number shown after saving, once it differs from `before`. */
  async function issued(page, before = null) {
    await page.waitForFunction((b) => {
      const el = document.querySelector('[data-testid="issued"]');
      return el && el.dataset.invoice !== b;
    }, before);
    return page.getAttribute(tid('issued'), 'data-invoice');
  }

  /** Number, Enter: the counter for that vendor. */
  async function openFor(page, h, delay = 30) {
    await page.focus(tid('counter-vendor'));
    await page.keyboard.type(h.number, { delay });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="${h.id}"]`);
    await page.waitForSelector(tid('counter-total'));
  }

  const method = (page) => page.getAttribute(`${tid('counter-method')}[aria-checked="true"]`, 'data-method');
  const total = async (page) => Number(await page.getAttribute(tid('counter-total'), 'data-cents'));
  const permitId = (invoice) => q(`SELECT id FROM daily_permit WHERE invoice_number = '${invoice}'`);
  const lineSum = (invoice) =>
    Number(q(`SELECT coalesce(sum(l.incl_cents), 0) FROM invoice_line l JOIN daily_permit p ON p.id = l.permit_id WHERE p.invoice_number = '${invoice}'`));
  const toezicht = () => q(`SELECT id FROM account WHERE username = 'toezicht'`);

  /** The permit's stored payment(s): method|amount|reverses|reason, oldest first. */
  const payments = (invoice) =>
    q(
      `SELECT pay.method || '|' || pay.amount_cents || '|' || coalesce(pay.reverses_payment_id, '') || '|' || coalesce(pay.reason, '')
         FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id WHERE p.invoice_number = '${invoice}' ORDER BY pay.id`,
    )
      .split('\n')
      .filter(Boolean);

  // ── The counter: one server for the issuing flows and the day view over what they did ──
  ({ db } = await startServer('permits'));

  await suite.test('serve permits: a scan and the payment keys p, c, r; the quote follows + and −', async () => {
    const problems = [];
    const h = holder();
    const page = await counterPage(problems);
    // A scanner: the number with its dot, at once, then Enter.
    await page.keyboard.type(`${h.number.slice(0, 8)}.${h.number.slice(8)}`, { delay: 0 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="${h.id}"]`);
    await page.waitForSelector(tid('counter-total'));
    await accessible(page, 'counter with a vendor and the quote');
    equal(await method(page), 'pin', 'pin by default');
    await page.keyboard.press('c');
    equal(await method(page), 'contant', 'c: cash');
    await page.keyboard.press('r');
    equal(await method(page), 'op_rekening', 'r: on account');
    await page.keyboard.press('p');
    equal(await method(page), 'pin', 'p: pin');
    await page.keyboard.press('r');
    // Typing in a text field does not switch the method.
    await page.focus(tid('counter-note'));
    await page.keyboard.type('pc');
    equal(await method(page), 'op_rekening', 'typing keeps the method');
    await page.fill(tid('counter-note'), '');
    // + and − in a product field; the core's quote follows.
    const product = await page.getAttribute(tid('counter-product'), 'data-key');
    const sel = `${tid('counter-product')}[data-key="${product}"]`;
    const qty = Number(await page.inputValue(sel));
    const before = await total(page);
    await page.focus(sel);
    await page.keyboard.press('+');
    equal(await page.inputValue(sel), String(qty + 1), '+ adds one');
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid="counter-total"]')?.dataset.cents) > b, before);
    await page.keyboard.press('-');
    equal(await page.inputValue(sel), String(qty), '− takes it off');
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid="counter-total"]')?.dataset.cents) === b, before);
    await page.click(tid('counter-save'));
    const invoice = await issued(page);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    // In the database: scanned, on account, for the total shown, which is the invoice lines'.
    equal(
      q(`SELECT vendor_id || '|' || market_id || '|' || day || '|' || identified_by || '|' || issued_by FROM daily_permit WHERE invoice_number = '${invoice}'`),
      `${h.id}|${AC}|${MORNING}|gescand|${toezicht()}`,
      'the permit: the vendor, AC, the morning, scanned, by toezicht',
    );
    equal(lineSum(invoice), before, 'the invoice lines add up to the total shown');
    equal(payments(invoice), [`op_rekening|${before}||`], 'one payment on account for the total');
    noProblems(problems, 'scan');
    await page.close();
  });

  await suite.test('serve permits: lot for an active vendor without a registration at AC', async () => {
    const problems = [];
    const [number, id] = q(
      `SELECT v.registration_number, v.id FROM vendor v
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.vendor_id = v.id AND r.market_id = ${AC} AND r.voided = 0)
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY v.id LIMIT 1`,
    ).split('|');
    assert(number && id, 'an active vendor without a registration at AC');
    const page = await counterPage(problems);
    await openFor(page, { number, id });
    equal(await page.getAttribute(tid('counter-status'), 'data-status'), 'lot', 'status lot');
    const codes = await page.$$eval(tid('counter-warning'), (els) => els.map((e) => e.dataset.code));
    assert(codes.includes('no_registration'), `the no-registration warning: ${codes}`);
    const cents = await total(page);
    assert(cents > 0, `lot pays: ${cents}`);
    // No registration here makes the permit doubtful: the counter asks a reason first.
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-override');
    await page.fill(tid('counter-override'), 'Standwerker, lot');
    await page.click(tid('counter-save'));
    const invoice = await issued(page);
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    equal(
      q(`SELECT vendor_id || '|' || status || '|' || market_id FROM daily_permit WHERE invoice_number = '${invoice}'`),
      `${id}|lot|${AC}`,
      'a lot permit for the vendor at AC',
    );
    equal(
      q(`SELECT override_reason FROM daily_permit WHERE invoice_number = '${invoice}'`),
      'Standwerker, lot',
      'the reason is stored',
    );
    equal(lineSum(invoice), cents, 'the invoice lines are the total shown');
    equal(payments(invoice), [`pin|${cents}||`], 'paid by pin');
    noProblems(problems, 'lot');
    await page.close();
  });

  await suite.test('serve permits: a second permit the same day needs a reason', async () => {
    const problems = [];
    const h = holder();
    const page = await counterPage(problems);
    await openFor(page, h);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-save');
    await page.keyboard.press('Enter');
    const first = await issued(page);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    // Again: the counter warns and asks why.
    await page.keyboard.type(h.number, { delay: 30 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-warning')}[data-code="already_permit_today"]`);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-override');
    // Without a reason: the core refuses, next to the field; nothing is stored.
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('field-error')}[data-field="overrideReason"]`);
    const message = (await page.textContent(`${tid('field-error')}[data-field="overrideReason"]`)).trim();
    assert(message.length > 0, 'the core’s message');
    equal(q(`SELECT count(*) FROM daily_permit WHERE vendor_id = ${h.id} AND day = '${MORNING}'`), '1', 'still one permit');
    const reason = 'Tweede kraam: de vaste is te klein vandaag';
    await page.fill(tid('counter-override'), reason);
    await page.keyboard.press('Enter');
    const second = await issued(page, first);
    assert(second !== first, 'a new invoice');
    equal(
      q(`SELECT invoice_number || '|' || coalesce(override_reason, '') FROM daily_permit WHERE vendor_id = ${h.id} AND day = '${MORNING}' ORDER BY id`).split('\n'),
      [`${first}|`, `${second}|${reason}`],
      'the second permit holds the reason',
    );
    equal(payments(second), [`pin|${lineSum(second)}||`], 'the second is paid');
    noProblems(
      problems.filter((p) => !/status of 4\d\d/.test(p)),
      'second permit',
    );
    await page.close();
  });

  await suite.test('serve permits: void with a reason by keyboard, stays visible, struck through', async () => {
    const problems = [];
    const h = holder();
    const page = await counterPage(problems);
    await openFor(page, h);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-save');
    await page.keyboard.press('Enter');
    const invoice = await issued(page);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    // The day's list is fetched again after the save; ↓ goes to its first row once it is there.
    await page.waitForFunction((inv) => document.querySelector('[data-testid="counter-permit"]')?.dataset.invoice === inv, invoice);
    await page.keyboard.press('ArrowDown');
    equal(await page.evaluate(() => document.activeElement?.dataset?.invoice), invoice, 'the newest permit has the focus');
    await page.keyboard.press('d');
    await page.waitForSelector(`${tid('void-dialog')} ${tid('reason-input')}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('void-dialog')} ${tid('field-error')}[data-field="reason"]`);
    equal(q(`SELECT count(*) FROM permit_void WHERE permit_id = ${permitId(invoice)}`), '0', 'not voided without a reason');
    await page.keyboard.type('verkeerde ondernemer');
    await page.keyboard.press('Enter');
    const row = `${tid('counter-permit')}[data-invoice="${invoice}"]`;
    await page.waitForSelector(`${row}[data-voided="true"]`);
    assert((await page.textContent(row)).includes('verkeerde ondernemer'), 'the reason is shown');
    equal(await page.$eval(`${row} .line1`, (e) => getComputedStyle(e).textDecorationLine), 'line-through', 'struck through');
    equal(
      q(`SELECT reason || '|' || account_id FROM permit_void WHERE permit_id = ${permitId(invoice)}`),
      `verkeerde ondernemer|${toezicht()}`,
      'the void row',
    );
    noProblems(
      problems.filter((p) => !/status of 4\d\d/.test(p)),
      'void',
    );
    await page.close();
  });

  await suite.test('serve permits: correction, void and reissue with the form prefilled', async () => {
    const problems = [];
    const h = holder();
    const page = await counterPage(problems);
    await openFor(page, h);
    await page.fill(tid('counter-note'), 'hoekplaats');
    await page.click(tid('counter-save'));
    const old = await issued(page);
    equal(q(`SELECT note FROM daily_permit WHERE invoice_number = '${old}'`), 'hoekplaats', 'the note is stored');
    await page.click(`${tid('counter-permit')}[data-invoice="${old}"]`);
    await page.click(tid('correct-permit'));
    await page.waitForSelector(tid('counter-correction'));
    equal(await page.inputValue(tid('counter-note')), 'hoekplaats', 'the note of the permit');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-correction-reason');
    await page.keyboard.type('verkeerde plaats');
    const stalls = q(`SELECT stalls FROM daily_permit WHERE invoice_number = '${old}'`);
    const other = q(
      `SELECT s.number FROM stall s WHERE s.market_id = ${AC} AND s.number NOT IN ('${stalls.split(',').join("','")}') ORDER BY s.id LIMIT 1`,
    );
    await page.fill(tid('counter-stalls'), other);
    await page.focus(tid('counter-correction-reason'));
    await page.keyboard.press('Enter');
    const fresh = await issued(page, old);
    assert(fresh !== old, 'a new invoice number');
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${old}"][data-voided="true"]`);
    await page.waitForSelector(`${tid('counter-permit')}[data-invoice="${fresh}"][data-voided="false"]`);
    equal(q(`SELECT reason FROM permit_void WHERE permit_id = ${permitId(old)}`), 'verkeerde plaats', 'the old permit is voided with the reason');
    equal(
      q(`SELECT vendor_id || '|' || replaces_permit_id || '|' || stalls || '|' || note FROM daily_permit WHERE invoice_number = '${fresh}'`),
      `${h.id}|${permitId(old)}|${other}|hoekplaats`,
      'the new permit replaces the old, on the other stall',
    );
    noProblems(problems, 'correction');
    await page.close();
  });

  await suite.test('serve permits: a payment reversed, then what is open paid by pin', async () => {
    const problems = [];
    const h = holder();
    const page = await counterPage(problems);
    await openFor(page, h);
    await page.keyboard.press('c');
    equal(await method(page), 'contant', 'cash');
    const cents = await total(page);
    await page.click(tid('counter-save'));
    const invoice = await issued(page);
    equal(payments(invoice), [`contant|${cents}||`], 'paid in cash');
    await page.click(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    await page.waitForSelector(tid('reverse-payment'));
    await page.click(tid('reverse-payment'));
    await page.waitForSelector(`${tid('reverse-dialog')} ${tid('reason-input')}`);
    equal(await page.locator(`${tid('reverse-dialog')} ${tid('reverse-pin-back')}`).count(), 0, 'a cash reversal: no word on the pin terminal');
    await page.fill(`${tid('reverse-dialog')} ${tid('reason-input')}`, 'klant betaalt met pin');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('pay-open'));
    equal(await page.$$eval(`${tid('permit-detail')} ${tid('payment')}`, (els) => els.length), 2, 'the payment and its reversal');
    const original = q(`SELECT pay.id FROM payment pay WHERE pay.permit_id = ${permitId(invoice)} ORDER BY pay.id LIMIT 1`);
    equal(payments(invoice), [`contant|${cents}||`, `contant|${-cents}|${original}|klant betaalt met pin`], 'the reversal row');
    await page.click(`${tid('pay-open-method')}[data-method="pin"]`);
    await page.waitForFunction(() => !document.querySelector('[data-testid="pay-open"]'));
    equal(
      payments(invoice),
      [`contant|${cents}||`, `contant|${-cents}|${original}|klant betaalt met pin`, `pin|${cents}||`],
      'the open amount paid by pin',
    );
    await page.waitForFunction(
      (sel) => document.querySelectorAll(sel).length === 3,
      `${tid('permit-detail')} ${tid('payment')}`,
    );
    // Reversing the pin payment says how the vendor gets it back (Finance, not the terminal),
    // as the void does; Esc leaves it unreversed.
    const pinId = q(`SELECT pay.id FROM payment pay WHERE pay.permit_id = ${permitId(invoice)} AND pay.method = 'pin'`);
    await page.click(`${tid('payment')}[data-payment-id="${pinId}"] ${tid('reverse-payment')}`);
    await page.waitForSelector(`${tid('reverse-dialog')} ${tid('reverse-pin-back')}`);
    const pinBack = (await page.textContent(`${tid('reverse-dialog')} ${tid('reverse-pin-back')}`)).trim();
    assert(pinBack.includes('pinautomaat') && pinBack.includes('Financiën'), `the pin sentence in the reversal: ${pinBack}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector(`${tid('reverse-dialog')} ${tid('reason-input')}`, { state: 'detached' });
    equal(payments(invoice).length, 3, 'Esc reverses nothing');
    noProblems(problems, 'reversal');
    await page.close();
  });

  await suite.test('serve permits: the day view’s totals are the books’ totals', async () => {
    const problems = [];
    const page = await counterPage(problems);
    await page.click(tid('tab-dagoverzicht'));
    await page.waitForSelector(tid('dayview'));
    const where = `WHERE p.market_id = ${AC} AND p.day = '${MORNING}'`;
    const count = q(`SELECT count(*) FROM daily_permit p ${where} AND ${valid}`);
    assert(Number(count) > 0, 'permits on the morning');
    await page.waitForFunction((c) => document.querySelector('[data-testid="dv-permits"]')?.textContent.trim() === c, count);
    const lines = Number(q(`SELECT coalesce(sum(l.incl_cents), 0) FROM invoice_line l JOIN daily_permit p ON p.id = l.permit_id ${where} AND ${valid}`));
    const paid = Number(q(`SELECT coalesce(sum(pay.amount_cents), 0) FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id ${where}`));
    equal(lines, paid, 'the books: lines of valid permits equal the payments');
    equal(Number(await page.getAttribute(tid('dv-total'), 'data-cents')), paid, 'the total');
    equal(await page.getAttribute(tid('dv-balance'), 'data-balanced'), 'true', 'balanced');
    for (const m of ['pin', 'contant', 'op_rekening']) {
      const sum = Number(q(`SELECT coalesce(sum(pay.amount_cents), 0) FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id ${where} AND pay.method = '${m}'`));
      equal(Number(await page.getAttribute(`${tid('dv-money')}[data-method="${m}"]`, 'data-cents')), sum, `money by ${m}`);
    }
    const byMethod = await page.$$eval(tid('dv-money'), (els) => els.reduce((s, e) => s + Number(e.dataset.cents), 0));
    equal(byMethod, paid, 'money by method adds up to the total');
    equal(
      await page.$$eval(`${tid('dv-permit')}[data-voided="false"]`, (els) => els.length),
      Number(count),
      'the table lists the valid permits',
    );
    equal(
      await page.$$eval(`${tid('dv-permit')}[data-voided="true"]`, (els) => els.length),
      Number(q(`SELECT count(*) FROM daily_permit p ${where} AND NOT ${valid}`)),
      'and the voided ones',
    );
    // A vendor with two valid permits on the morning (the second-permit flow) is listed.
    const multiple = q(`SELECT count(*) FROM (SELECT vendor_id FROM daily_permit p ${where} AND ${valid} GROUP BY vendor_id HAVING count(*) > 1)`);
    assert(Number(multiple) > 0, 'a vendor with two permits');
    await page.waitForSelector(tid('dv-multiple'));
    noProblems(problems, 'day view');
    await page.close();
  });

  await suite.test('serve permits: notes: add with Ctrl+Enter, tick off, an empty note refused', async () => {
    const problems = [];
    const page = await login('supervisor', problems, '#/vergunningen/notities');
    await page.waitForSelector(tid('note-text'));
    const text = 'Stroom viel uit in rij B';
    await page.focus(tid('note-text'));
    await page.keyboard.type(text);
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`${tid('note')}[data-done="false"]`);
    equal(
      q(`SELECT market_id || '|' || day || '|' || created_by || '|' || coalesce(done_by, '') FROM note WHERE text = '${text}'`),
      `${AC}|${MORNING}|${toezicht()}|`,
      'the note is stored for AC on the morning',
    );
    await page.click(tid('note-tick'));
    await page.waitForSelector(`${tid('note')}[data-done="true"]`);
    equal(q(`SELECT done_by FROM note WHERE text = '${text}'`), toezicht(), 'ticked off by toezicht');
    await page.focus(tid('note-text'));
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`${tid('field-error')}[data-field="text"]`);
    equal(q(`SELECT count(*) FROM note WHERE market_id = ${AC} AND day = '${MORNING}'`), '1', 'no empty note stored');
    noProblems(
      problems.filter((p) => !/status of 4\d\d/.test(p)),
      'notes',
    );
    await page.close();
  });

  await suite.test('serve permits: attendance: signed off before the cut-off; after it only a senior', async () => {
    const problems = [];
    const page = await login('supervisor', problems, '#/vergunningen/aanmeldingen');
    await page.waitForSelector(tid('attendance-row'));
    // The morning is past its cut-off: the supervisor may not change it.
    equal(await page.getAttribute(tid('attendance-cutoff'), 'data-after'), 'true', 'the morning is closed');
    const today = await page.getAttribute(tid('attendance-row'), 'data-vendor-id');
    await page.focus(tid('attendance-row'));
    await page.keyboard.press(' ');
    await page.waitForSelector(`${tid('attendance-late')} ${tid('reason-input')}`);
    await page.keyboard.type('ziek gemeld om 7 uur');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('attendance-late')} ${tid('form-error')}[data-code="forbidden"]`);
    equal(q(`SELECT count(*) FROM attendance WHERE market_id = ${AC} AND day = '${MORNING}' AND vendor_id = ${today} AND reason IS NOT NULL`), '0', 'nothing stored');
    await page.keyboard.press('Escape');
    // The next market day: still open; space signs the first fixed holder off.
    await page.click('[aria-label="Volgende marktdag"]');
    await page.waitForSelector(`${tid('attendance-cutoff')}[data-after="false"]`);
    await page.waitForSelector(tid('attendance-row'));
    const day = await page.inputValue(tid('permits-day'));
    const iso = day.split('-').reverse().join('-');
    assert(iso > MORNING, `a later day: ${day}`);
    const first = await page.getAttribute(tid('attendance-row'), 'data-vendor-id');
    const comes = await page.getAttribute(`${tid('attendance-row')}[data-vendor-id="${first}"]`, 'data-comes');
    equal(comes, 'true', 'the fixed holder comes');
    await page.focus(`${tid('attendance-row')}[data-vendor-id="${first}"]`);
    await page.keyboard.press(' ');
    await page.waitForSelector(`${tid('attendance-row')}[data-vendor-id="${first}"][data-comes="false"]`);
    equal(
      q(`SELECT attends || '|' || account_id FROM attendance WHERE market_id = ${AC} AND day = '${iso}' AND vendor_id = ${first}`),
      `0|${toezicht()}`,
      'signed off in the database',
    );
    noProblems(
      problems.filter((p) => !/status of 403/.test(p)),
      'attendance',
    );
    await page.close();

    // A senior changes the morning after the cut-off, with the reason.
    const seniorProblems = [];
    const senior = await login('senior', seniorProblems, '#/vergunningen/aanmeldingen');
    await senior.waitForSelector(tid('attendance-row'));
    const id = await senior.getAttribute(tid('attendance-row'), 'data-vendor-id');
    const was = await senior.getAttribute(tid('attendance-row'), 'data-comes');
    await senior.focus(tid('attendance-row'));
    await senior.keyboard.press(' ');
    await senior.waitForSelector(`${tid('attendance-late')} ${tid('reason-input')}`);
    await senior.keyboard.type('belde om 7 uur af');
    await senior.keyboard.press('Enter');
    const now = was === 'true' ? 'false' : 'true';
    await senior.waitForSelector(`${tid('attendance-row')}[data-vendor-id="${id}"][data-comes="${now}"]`);
    equal(
      q(`SELECT attends || '|' || reason || '|' || account_id FROM attendance WHERE market_id = ${AC} AND day = '${MORNING}' AND vendor_id = ${id}`),
      `${now === 'true' ? 1 : 0}|belde om 7 uur af|${q("SELECT id FROM account WHERE username = 'medewerker'")}`,
      'the late change with its reason',
    );
    noProblems(seniorProblems, 'attendance senior');
    await senior.close();
  });

  // ── The day close: its own copy (after it, the toezicht issues nothing more that day) ──
  ({ db } = await startServer('day-close'));

  await suite.test('serve permits: the day close with counted cash and its difference; then no more permits', async () => {
    const problems = [];
    const [a, b, c] = holders(3);
    assert(c, 'three fixed holders');
    const page = await counterPage(problems);
    let last = null;
    for (const [h, key] of [
      [a, 'c'],
      [b, 'p'],
    ]) {
      await openFor(page, h);
      await page.keyboard.press(key);
      await page.click(tid('counter-save'));
      last = await issued(page, last);
      await page.waitForSelector(tid('counter-idle'));
    }
    const me = toezicht();
    const mine = `FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id WHERE p.market_id = ${AC} AND p.day = '${MORNING}' AND p.issued_by = ${me}`;
    const cash = Number(q(`SELECT coalesce(sum(pay.amount_cents), 0) ${mine} AND pay.method = 'contant'`));
    const pin = Number(q(`SELECT coalesce(sum(pay.amount_cents), 0) ${mine} AND pay.method = 'pin'`));
    assert(cash > 0 && pin > 0, `cash ${cash} and pin ${pin} taken`);
    await page.click(tid('tab-dagafsluiting'));
    await page.waitForSelector(tid('close-counted'));
    equal(Number(await page.getAttribute(tid('close-cash'), 'data-cents')), cash, 'cash taken, as the books have it');
    const cents = async (id) => Number(await page.getAttribute(tid(id), 'data-cents'));
    equal(await cents('close-pin'), pin, 'pin taken');
    equal(await cents('close-on-account'), 0, 'nothing on account');
    equal(await cents('close-received'), pin + cash, 'received: pin and cash');
    equal(await cents('close-on-account-total'), 0, 'on account, apart');
    equal((await page.textContent(tid('close-permits'))).trim(), '2', 'two permits');
    const typed = (c) => `${Math.trunc(c / 100)},${String(c % 100).padStart(2, '0')}`;
    // The live difference as the count is typed; an even count asks no reason.
    await page.fill(tid('close-counted'), typed(cash));
    await page.waitForFunction(() => document.querySelector('[data-testid="close-difference"]')?.dataset.cents === '0');
    equal((await page.textContent(tid('close-difference-words'))).trim(), 'klopt', 'an even count: klopt');
    equal(await page.locator(tid('close-reason')).count(), 0, 'no reason asked without a difference');
    // Not a number: the core's message next to the field.
    await page.fill(tid('close-counted'), 'veel');
    await page.keyboard.press('Enter');
    const yes = await page.locator(tid('close-confirm-yes')).count();
    if (yes) await page.click(tid('close-confirm-yes'));
    await page.waitForSelector(`${tid('field-error')}[data-field="countedCash"]`);
    equal(q(`SELECT count(*) FROM day_close WHERE day = '${MORNING}'`), '0', 'nothing closed');
    // € 0,15 short: no "klopt", the reason is asked, and the core refuses the close without it.
    const counted = cash - 15;
    await page.fill(tid('close-counted'), typed(counted));
    await page.waitForFunction(() => document.querySelector('[data-testid="close-difference"]')?.dataset.cents === '-15');
    const words = (await page.textContent(tid('close-difference-words'))).trim();
    assert(!/klopt/.test(words) && /0,15 tekort/.test(words), `the difference in words: ${words}`);
    await page.waitForSelector(tid('close-reason'));
    await accessible(page, 'day close asking the reason of a difference');
    await page.focus(tid('close-counted'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('close-confirm-yes'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('field-error')}[data-field="differenceReason"]`);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'close-reason');
    equal(q(`SELECT count(*) FROM day_close WHERE day = '${MORNING}'`), '0', 'no close without a reason');
    await page.keyboard.type('wisselgeld te veel teruggegeven');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('close-confirm-reason'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('close-done'));
    equal(
      q(
        `SELECT market_id || '|' || permit_count || '|' || pin_cents || '|' || cash_cents || '|' || on_account_cents || '|' || counted_cash_cents || '|' || difference_cents || '|' || difference_reason
           FROM day_close WHERE day = '${MORNING}' AND account_id = ${me}`,
      ),
      `${AC}|2|${pin}|${cash}|0|${counted}|-15|wisselgeld te veel teruggegeven`,
      'the day close row with its reason',
    );
    assert((await page.textContent(tid('close-done-reason'))).includes('wisselgeld te veel teruggegeven'), 'the reason shown');
    assert(!/klopt/.test(await page.textContent(tid('close-done-difference'))), 'no "klopt" after a short count');
    assert(
      /wisselgeld te veel teruggegeven/.test(q(`SELECT after FROM audit_log WHERE action = 'day.close' ORDER BY id DESC LIMIT 1`)),
      'the reason in the audit log',
    );
    // The day view: the cash does not "klopt"; received is pin and cash.
    await page.click(tid('tab-dagoverzicht'));
    await page.waitForSelector(tid('dayview'));
    await page.waitForSelector(`${tid('dv-cash')}[data-state="difference"]`);
    assert(!/klopt/.test(await page.textContent(tid('dv-cash'))), 'the day view does not say klopt');
    assert((await page.textContent(tid('dv-close-reason'))).includes('wisselgeld te veel teruggegeven'), 'the reason in the day view');
    const all = `FROM payment pay JOIN daily_permit p ON p.id = pay.permit_id WHERE p.market_id = ${AC} AND p.day = '${MORNING}'`;
    const received = Number(q(`SELECT coalesce(sum(pay.amount_cents), 0) ${all} AND pay.method IN ('pin', 'contant')`));
    const onAccount = Number(q(`SELECT coalesce(sum(pay.amount_cents), 0) ${all} AND pay.method = 'op_rekening'`));
    const fines = q(`SELECT count(*) FROM payment WHERE ticket_id IS NOT NULL AND at >= '${MORNING}' AND at < date('${MORNING}', '+1 day')`);
    equal(fines, '0', 'no fines paid on the morning (the received sum below is the permits’)');
    equal(await cents('dv-received'), received, 'the day view’s received: pin and cash');
    equal(await cents('dv-on-account'), onAccount, 'on account apart');
    await accessible(page, 'day view with a cash difference');
    await page.click(tid('tab-dagafsluiting'));
    await page.waitForSelector(tid('close-done'));
    // After the close the counter says so before anything is typed (the core would refuse).
    await page.click(tid('tab-uitgifte'));
    await page.waitForSelector(tid('counter-closed'));
    assert(await page.isDisabled(tid('counter-vendor')), 'nothing to type after the close');
    equal(q(`SELECT count(*) FROM daily_permit WHERE day = '${MORNING}'`), '2', 'no permit after the close');
    noProblems(
      problems.filter((p) => !/status of 4\d\d/.test(p)),
      'day close',
    );
    await page.close();
  });
}
