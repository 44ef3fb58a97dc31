// The counter that cannot hand out a wrong permit (called from serve.mjs), on the REAL core:
// a permit for another day than today asks a confirmation naming the day; a doubtful permit
// (no registration here, removed, waiting, enforcement) stops number, Enter, Enter and asks a
// reason that the day view shows; a closed day says so before anything is typed; the receipt
// comes from the counter, the permit and the day view. Every check is against the database.
//
// ctx: see serve.mjs.
import path from 'node:path';
import { opensTab } from './harness.mjs';

export async function serveCounterFlows({ suite, startServer, login, api, apiLogin, sql, tid, assert, equal, noProblems, accessible, browser, root, AC, MORNING }) {
  let db = null;
  const q = (query) => sql(db, query);
  const dutch = (iso) => iso.split('-').reverse().join('-');

  /** Active fixed holders of AC with a stall and no permit on `day`, none enforced. */
  function holder(day = MORNING, skip = 0) {
    const line = q(
      `SELECT v.registration_number || '|' || v.id FROM vendor v
         JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${day}')
          AND r.status <> 'soll'
          AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${day}')
        ORDER BY r.list_number LIMIT 1 OFFSET ${skip}`,
    );
    const [number, id] = line.split('|');
    assert(number, `a fixed holder of AC without a permit on ${day}`);
    return { number, id };
  }

  async function counterPage(problems, role = 'supervisor') {
    const page = await login(role, problems, '#/vergunningen/uitgifte');
    await page.waitForSelector(tid('counter-vendor'));
    equal(await page.inputValue(tid('permits-market')), AC, 'AC is chosen');
    return page;
  }

  /** Number, Enter: the counter for that vendor, with its quote. */
  async function openFor(page, v) {
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    await page.keyboard.type(v.number, { delay: 40 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="${v.id}"]`);
    await page.waitForSelector(tid('counter-total'));
  }

  const permitsOf = (vendorId, day = MORNING) =>
    q(`SELECT count(*) FROM daily_permit WHERE vendor_id = ${vendorId} AND day = '${day}'`);

  /** Clicks `selector` and answers the PDF the page fetched for the new tab. */
  async function opensPdf(page, selector) {
    const served = await opensTab(browser, page, selector);
    equal(served.type, 'application/pdf', 'a PDF');
    equal(served.body.subarray(0, 5).toString('latin1'), '%PDF-', 'the PDF itself');
    await served.tab.close();
    return served;
  }

  ({ db } = await startServer('counter'));

  await suite.test('serve counter: a permit for another day than today asks a confirmation that names the day', async () => {
    const problems = [];
    const page = await counterPage(problems);
    // Saturday → the next market day, Monday (the Albert Cuyp is not held on Sunday).
    await page.click('button[aria-label="Volgende marktdag"]');
    const monday = '2026-11-30';
    await page.waitForFunction((d) => document.querySelector('[data-testid="permits-when"]')?.textContent.includes(d), dutch(monday));
    await page.waitForSelector(tid('counter-other-day'));
    const banner = await page.textContent(tid('counter-other-day'));
    assert(banner.includes(dutch(monday)) && banner.includes(dutch(MORNING)), `the counter says which day it is on: ${banner}`);
    await page.focus(tid('counter-vendor'));
    const h = holder(monday);
    await openFor(page, h);
    // Enter, as on any morning: the confirmation stops it and names the day.
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-save');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-day-dialog')}[open]`);
    const asked = await page.textContent(tid('counter-day-dialog'));
    assert(asked.includes(dutch(monday)), `the confirmation names the day: ${asked}`);
    await accessible(page, 'the confirmation of another day');
    // A third Enter lands on "Terug": nothing is issued.
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-day-back');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('counter-day-dialog')}:not([open])`, { state: 'attached' });
    equal(permitsOf(h.id, monday), '0', 'nothing issued without the confirmation');
    // The core refuses it too, whoever asks without the confirmation.
    const { token } = await apiLogin('supervisor');
    const form = {
      marketId: Number(AC), day: monday, vendorId: Number(h.id), presence: 'zelf', substituteId: null, identifiedBy: 'getypt',
      requested: {}, stalls: [], note: '', payment: 'pin', overrideReason: null, confirmedDay: null,
    };
    const refused = await api('issue_permit', { form }, token);
    equal(refused.status, 422, 'the core refuses a permit for another day without the confirmation');
    assert(refused.body.fields.some((f) => f.field === 'day'), `on the day: ${JSON.stringify(refused.body)}`);
    equal(permitsOf(h.id, monday), '0', 'still nothing');
    // Confirmed: issued, for Monday.
    await page.click(tid('counter-save'));
    await page.waitForSelector(`${tid('counter-day-dialog')}[open]`);
    await page.click(tid('counter-day-confirm'));
    await page.waitForSelector(tid('issued'));
    const invoice = await page.getAttribute(tid('issued'), 'data-invoice');
    equal(q(`SELECT day || '|' || vendor_id FROM daily_permit WHERE invoice_number = '${invoice}'`), `${monday}|${h.id}`, 'the permit is for Monday');
    noProblems(problems, 'another day');
    await page.close();
  });

  await suite.test('serve counter: a doubtful permit stops number, Enter, Enter and asks a reason the day view shows', async () => {
    const problems = [];
    const page = await counterPage(problems);
    // A vendor without a registration at AC, and one removed, waiting or under enforcement.
    const strangers = q(
      `SELECT v.registration_number || '|' || v.id FROM vendor v
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.vendor_id = v.id AND r.market_id = ${AC} AND r.voided = 0)
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY v.id LIMIT 1`,
    );
    const doubtful = q(
      `SELECT v.registration_number || '|' || v.id FROM vendor v
         JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE (v.status <> 'actief' OR v.enforcement_until >= '${MORNING}')
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY v.id LIMIT 1`,
    );
    const cases = [[strangers, 'no_registration']];
    if (doubtful) cases.push([doubtful, null]);
    let shot = false;
    for (const [line, code] of cases) {
      const [number, id] = line.split('|');
      assert(number, `a vendor for ${code ?? 'a doubtful standing'}`);
      await openFor(page, { number, id });
      await page.waitForSelector(`${tid('counter-warning')}.stop`);
      const codes = await page.$$eval(tid('counter-warning'), (els) => els.map((e) => e.dataset.code));
      if (code) assert(codes.includes(code), `${code} among ${codes}`);
      // The warning stops the path: the focus waits in the reason field, not on Save.
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-override');
      const text = await page.textContent(`${tid('counter-warning')}.stop`);
      assert(/\.\s*$/.test(text.trim()) && !/[A-Z]{2,}_[A-Z]/.test(text), `a sentence without codes: ${text}`);
      if (!shot) {
        await accessible(page, 'the counter stopping a doubtful permit');
        await page.screenshot({ path: path.join(root, 'docs/screenshots/14c-uitgifte-twijfel.png') });
        shot = true;
      }
      // Enter, Enter without a reason: refused by the core, nothing stored.
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="counter-override"][aria-invalid="true"]');
      await page.keyboard.press('Enter');
      equal(permitsOf(id), '0', 'no permit without a reason');
      // With a reason: issued, the reason stored and in the day view.
      const reason = `Toegestaan door de marktmeester (${id})`;
      const before = await page.evaluate(() => document.querySelector('[data-testid="issued"]')?.dataset.invoice ?? null);
      await page.fill(tid('counter-override'), reason);
      await page.keyboard.press('Enter');
      await page.waitForFunction((b) => {
        const el = document.querySelector('[data-testid="issued"]');
        return el && el.dataset.invoice !== b;
      }, before);
      equal(q(`SELECT override_reason FROM daily_permit WHERE vendor_id = ${id} AND day = '${MORNING}'`), reason, 'the reason is stored');
    }
    await page.click(tid('tab-dagoverzicht'));
    await page.waitForSelector(tid('dv-override-reason'));
    const shown = await page.$$eval(tid('dv-override-reason'), (els) => els.map((e) => e.textContent));
    for (const [line] of cases) {
      const id = line.split('|')[1];
      assert(shown.some((t) => t.includes(`(${id})`)), `the day view shows the reason of ${id}: ${shown}`);
    }
    // The refused saves answered 422, as they should; nothing else went wrong.
    noProblems(
      problems.filter((p) => !/status of 422/.test(p)),
      'doubtful',
    );
    await page.close();
  });

  await suite.test('serve counter: the receipt from the counter, the permit and the day view', async () => {
    const problems = [];
    const page = await counterPage(problems);
    const h = holder(MORNING, 3);
    await openFor(page, h);
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-save');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('issued-receipt'));
    const invoice = await page.getAttribute(tid('issued'), 'data-invoice');
    const pdf = await opensPdf(page, tid('issued-receipt'));
    assert(pdf.body.length > 1000, 'a receipt with content');
    await page.waitForFunction(() => (document.querySelector('[data-testid="issued-receipt-said"]')?.textContent ?? '').length > 0);
    assert(/Bon/.test(await page.textContent(tid('issued-receipt-said'))), 'says what happened to the receipt');
    // The permit in the day's list: open it, the receipt is there.
    await page.click(`${tid('counter-permit')}[data-invoice="${invoice}"]`);
    await page.waitForSelector(tid('permit-receipt'));
    await opensPdf(page, tid('permit-receipt'));
    // The day view: a receipt per permit.
    await page.click(tid('tab-dagoverzicht'));
    const row = `${tid('dv-permit')}[data-invoice="${invoice}"]`;
    await page.waitForSelector(row);
    await accessible(page, 'the day view with receipts');
    await opensPdf(page, `${row} ${tid('dv-receipt')}`);
    noProblems(problems, 'receipt');
    await page.close();
  });

  await suite.test('serve counter: Vandaag follows what the other desks do without a reload', async () => {
    const problems = [];
    const page = await login('senior', problems);
    const entry = `${tid('today-market')}[data-market-id="${AC}"] ${tid('today-permits')}`;
    await page.waitForSelector(entry);
    const before = Number(await page.getAttribute(entry, 'data-count'));
    // Another desk issues a permit through the core.
    const { token } = await apiLogin('supervisor');
    const h = holder(MORNING, 5);
    const form = {
      marketId: Number(AC), day: MORNING, vendorId: Number(h.id), presence: 'zelf', substituteId: null, identifiedBy: 'getypt',
      requested: {}, stalls: [], note: '', payment: 'pin', overrideReason: 'plaats vrijgekomen', confirmedDay: null,
    };
    const issued = await api('issue_permit', { form }, token);
    equal(issued.status, 200, `issued elsewhere: ${JSON.stringify(issued.body)}`);
    // The window comes back to the clerk (as after another program): Vandaag reads again.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.count) === n, [entry, before + 1]);
    equal(
      Number(await page.getAttribute(entry, 'data-count')),
      Number(q(`SELECT count(*) FROM daily_permit p WHERE market_id = ${AC} AND day = '${MORNING}' AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`)),
      'Vandaag counts the permits the database has',
    );
    noProblems(problems, 'vandaag live');
    await page.close();
  });

  await suite.test('serve counter: a closed day says so before anything is typed, and what a senior may still do', async () => {
    const problems = [];
    const { token } = await apiLogin('supervisor');
    // The supervisor counts the drawer of the morning and closes the day.
    const day = await api('clerk_day', { marketId: Number(AC), day: MORNING }, token);
    equal(day.status, 200, 'the clerk’s day');
    const counted = (day.body.expectedCashCents / 100).toFixed(2).replace('.', ',');
    const closed = await api('close_day', { marketId: Number(AC), day: MORNING, countedCash: counted, differenceReason: '' }, token);
    equal(closed.status, 200, `closed: ${JSON.stringify(closed.body)}`);
    const page = await counterPage(problems);
    await page.waitForSelector(tid('counter-closed'));
    const said = await page.textContent(tid('counter-closed'));
    assert(/afgesloten/.test(said) && /senior/.test(said), `the counter says the day is closed and who may still correct: ${said}`);
    assert(await page.isDisabled(tid('counter-vendor')), 'nothing to type');
    equal(await page.locator(tid('counter-idle')).count(), 0, 'no invitation to type a number');
    await accessible(page, 'the counter of a closed day');
    noProblems(problems, 'closed day');
    await page.close();
    // A senior who has not closed the day still issues.
    const seniorProblems = [];
    const senior = await counterPage(seniorProblems, 'senior');
    await senior.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    equal(await senior.locator(tid('counter-closed')).count(), 0, 'the senior’s own day is open');
    noProblems(seniorProblems, 'senior');
    await senior.close();
  });
}
