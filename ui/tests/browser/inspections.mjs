// Browser flows of Controles & bonnen and of Beheer's overtredingen, back-ups and auditlog
// against the mock: the control round by keyboard, a ticket written from a control with
// the decision shown before saving, issuing and paying it, the ticket list's filters and
// overdue, the vendor's history, the violation catalogue, backups and the audit log.
// Called from run.mjs.
//
// The mock (src/lib/backend/mock-inspections.ts, mock-backups.ts): today is Saturday
// 28-11-2026; the Noordermarkt (NOM, id 3) has fifteen permits today, vendor 97 under
// enforcement; B2026-000001…10 are the office's earlier tickets, vendor 12 has a V02 fine
// from October; V01 and V05 are warning-first.

export async function inspectionFlows({ suite, login, tid, shot, assert, equal, noHorizontalScroll }) {
  async function roundPage(role = 'supervisor') {
    const page = await login(role, '#/controles/ronde');
    await page.waitForSelector(tid('insp-market'));
    await page.selectOption(tid('insp-market'), '3');
    return page;
  }

  /** The day's sample: each page has a fresh mock, so draw it when there is none yet. */
  async function drawn(page) {
    await page.waitForSelector(`${tid('sample-none')}, ${tid('sample-head')}`);
    if (await page.isVisible(tid('draw-sample'))) await page.click(tid('draw-sample'));
    await page.waitForSelector(tid('round-row'));
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'round-row');
  }

  const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? '');

  await suite.test('control round: draw the sample, record round 1 by keyboard, the difference marked', async () => {
    const page = await roundPage();
    await page.waitForSelector(tid('sample-none'));
    await page.click(tid('draw-sample'));
    await page.waitForSelector(tid('sample-head'));
    assert(/^\d+$/.test(await page.textContent(tid('sample-seed'))), 'the seed is shown');
    equal(await page.getAttribute(tid('sample-reproduces'), 'data-ok'), 'true', 'the stored seed gives the same list');
    const reasons = await page.$$eval(tid('round-row'), (els) => els.map((e) => e.dataset.reason));
    equal(reasons.length >= 10, true, `ten in the sample: ${reasons}`);
    equal(reasons[0], 'enforcement', 'the enforcement permit comes first');
    await noHorizontalScroll(page, 'control round');
    // The first row has the focus: n (not there) and Enter save round 1.
    equal(await focused(page), 'round-row', 'the focus is on the list');
    const first = await page.getAttribute(`${tid('round-row')}[aria-selected="true"]`, 'data-permit-id');
    await page.keyboard.press('n');
    equal(await page.getAttribute(`${tid('control-presence')}[aria-checked="true"]`, 'data-presence'), 'niet_aanwezig', 'n: absent');
    await page.waitForSelector(`${tid('control-diff')}[data-alarming="true"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('control-saved'));
    await page.waitForSelector(`${tid('round-row')}[data-permit-id="${first}"][data-controls="1"]`);
    equal(
      await page.getAttribute(`${tid('round-row')}[data-permit-id="${first}"] ${tid('round-mark')}[data-round="1"] .tag`, 'data-alarming'),
      'true',
      'round 1 marked alarming in the list',
    );
    equal(await page.getAttribute(tid('control-form'), 'data-round'), '2', 'the form offers round 2 next');
    // ↓ and z (in person) Enter for the next permit: no difference when the permit says so.
    await page.keyboard.press('ArrowDown');
    const second = await page.getAttribute(`${tid('round-row')}[aria-selected="true"]`, 'data-permit-id');
    assert(second !== first, 'ArrowDown moves on');
    await shot(page, '40-controleronde');
    await page.close();
  });

  await suite.test('ticket from a control: prefilled, the decision before saving, issue, letter, pay', async () => {
    const page = await roundPage();
    await drawn(page);
    // The sample of the first flow stands (one per day); record a control if there is none.
    const row = `${tid('round-row')}[aria-selected="true"]`;
    await page.waitForSelector(row);
    if ((await page.getAttribute(row, 'data-controls')) === '0') {
      await page.focus(row);
      await page.keyboard.press('x');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${row}[data-controls="1"]`);
    }
    await page.focus(row);
    await page.keyboard.press('b');
    await page.waitForSelector(tid('ticket-form'));
    await page.waitForSelector(tid('ticket-link'));
    await page.waitForSelector(tid('ticket-vendor-chosen'));
    equal(await focused(page), 'field-violationCode', 'the focus waits on the violation');
    await page.selectOption(tid('field-violationCode'), 'V01');
    await page.waitForSelector(`${tid('ticket-decision')}:is([data-decision="waarschuwing"], [data-decision="boete"])`);
    await noHorizontalScroll(page, 'ticket form');
    await shot(page, '41-bon-schrijven');
    // A fine to pay: V03 is fined at once.
    await page.selectOption(tid('field-violationCode'), 'V03');
    await page.waitForSelector(`${tid('ticket-decision')}[data-decision="boete"]`);
    await page.click(tid('ticket-save'));
    await page.waitForSelector(tid('ticket-page'));
    const number = await page.getAttribute(tid('ticket-number'), 'data-number');
    assert(/^B2026-\d{6}$/.test(number), `a ticket number: ${number}`);
    equal(await page.getAttribute(tid('ticket-status'), 'data-status'), 'draft', 'a new ticket is a draft');
    await page.click(tid('status-issued'));
    await page.waitForSelector(`${tid('ticket-status')}[data-status="issued"]`);
    await page.click(tid('letter-preview'));
    await page.waitForSelector(tid('letter-done'));
    assert((await page.getAttribute(tid('letter-done'), 'data-path')).endsWith(`bon-${number}.pdf`), 'the letter is named after the ticket');
    // The browser has no printer: the core's no_printer, plainly.
    await page.click(tid('letter-print'));
    await page.waitForSelector(`${tid('letter-error')}[data-code="no_printer"]`);
    await page.fill(tid('pay-amount'), '100,00');
    await page.click(tid('pay-save'));
    await page.waitForSelector(`${tid('ticket-status')}[data-status="paid"]`);
    await page.waitForSelector(tid('paid'));
    equal(await page.$$eval(tid('ticket-payment'), (els) => els.length), 1, 'one payment');
    await page.close();
  });

  await suite.test('ticket form: warning first, then a fine with the earlier ticket named', async () => {
    const page = await login('supervisor', '#/controles/bon');
    await page.waitForSelector(tid('ticket-form'));
    await page.keyboard.type('1957081002', { delay: 20 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('ticket-vendor-chosen'));
    await page.waitForSelector(tid('vendor-tickets'));
    await page.selectOption(tid('field-violationCode'), 'V05');
    await page.waitForSelector(`${tid('ticket-decision')}[data-decision="waarschuwing"]`);
    // Vendor 1 had a V01 ticket in September: the second V01 is a fine.
    await page.selectOption(tid('field-violationCode'), 'V01');
    await page.waitForSelector(`${tid('ticket-decision')}[data-decision="boete"]`);
    assert(/B2026-/.test(await page.textContent(tid('decision-earlier'))), 'the earlier ticket is named');
    // Saving without a time says where.
    await page.fill(tid('field-time'), '25:99');
    await page.click(tid('ticket-save'));
    await page.waitForSelector(`${tid('field-error')}[data-field="time"]`);
    await page.close();
  });

  await suite.test('ticket list: by status, market and period; overdue; opens by keyboard', async () => {
    const page = await login('senior', '#/controles/bonnen');
    await page.waitForSelector(tid('ticket-list'));
    const all = await page.$$eval(tid('ticket-row'), (els) => els.length);
    assert(all >= 10, `the office's tickets: ${all}`);
    await page.selectOption(tid('ticket-filter-status'), 'overdue');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ticket-row"]').length < n, all);
    const overdue = await page.$$eval(tid('ticket-row'), (els) => els.map((e) => e.querySelector('[data-testid="overdue-tag"]') !== null));
    assert(overdue.length > 0 && overdue.every(Boolean), `only overdue tickets: ${overdue}`);
    await page.selectOption(tid('ticket-filter-status'), '');
    await page.selectOption(tid('ticket-filter-market'), { index: 2 });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ticket-row"]').length < n, all);
    await page.click(tid('ticket-filter-reset'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ticket-row"]').length === n, all);
    await noHorizontalScroll(page, 'ticket list');
    await shot(page, '42-bonnen');
    await page.locator(tid('ticket-row')).first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('ticket-page'));
    await page.close();
  });

  await suite.test('ticket page: an invalid payment is refused plainly; void needs a senior and a reason', async () => {
    const page = await login('senior', '#/controles/bonnen');
    await page.waitForSelector(tid('ticket-list'));
    await page.selectOption(tid('ticket-filter-status'), 'issued');
    await page.waitForSelector(tid('ticket-row'));
    await page.locator(tid('ticket-row')).first().click();
    await page.waitForSelector(tid('ticket-page'));
    if (await page.isVisible(tid('pay-form'))) {
      await page.fill(tid('pay-amount'), '9999,00');
      await page.click(tid('pay-save'));
      await page.waitForSelector(`${tid('field-error')}[data-field="amount"]`);
    }
    await page.click(tid('status-void'));
    await page.waitForSelector(`${tid('field-error')}[data-field="reason"]`);
    await page.fill(tid('status-reason'), 'Dubbel uitgeschreven');
    await page.click(tid('status-void'));
    await page.waitForSelector(`${tid('ticket-status')}[data-status="void"]`);
    await page.close();
  });

  await suite.test('vendor page: the vendor’s tickets and controls', async () => {
    const page = await login('senior', '#/ondernemers/12');
    await page.waitForSelector(tid('vendor-history'));
    await page.waitForSelector(`${tid('vendor-history')} ${tid('vendor-ticket')}`);
    equal(await page.$$eval(`${tid('vendor-history')} ${tid('vendor-ticket')}`, (els) => els.length), 2, 'vendor 12 has two tickets');
    await page.close();
  });

  await suite.test('day view: a permit with a differing control is marked', async () => {
    const page = await roundPage('senior');
    await drawn(page);
    await page.keyboard.press('n');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('control-saved'));
    await page.evaluate(() => (location.hash = '#/vergunningen/dagoverzicht'));
    await page.waitForSelector(tid('dv-permit'));
    await page.waitForSelector(`${tid('dv-control')}[data-mark="alarming"]`);
    equal(await page.$$eval(`${tid('dv-control')}:not([data-mark="none"])`, (els) => els.length), 1, 'one permit controlled');
    await page.close();
  });

  await suite.test('beheer: overtredingen, a new version of a violation from a date', async () => {
    const page = await login('admin', '#/beheer/overtredingen');
    await page.waitForSelector(tid('violation-list'));
    await noHorizontalScroll(page, 'violations');
    const before = await page.$$eval(tid('violation-row'), (els) => els.length);
    await page.click(`${tid('violation-row')}:first-of-type ${tid('violation-new-version')}`);
    await page.waitForSelector(tid('violation-form'));
    await page.fill(`${tid('violation-form')} ${tid('field-amount')}`, '80,5x');
    await page.click(`${tid('violation-form')} ${tid('save')}`);
    await page.waitForSelector(`${tid('violation-form')} ${tid('field-error')}`);
    await page.fill(`${tid('violation-form')} ${tid('field-amount')}`, '80,50');
    await page.fill(`${tid('violation-form')} ${tid('field-validFrom')}`, '01-01-2027');
    await page.click(`${tid('violation-form')} ${tid('save')}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="violation-row"]').length === n + 1, before);
    assert((await page.textContent(tid('violation-list'))).includes('€ 80,50'), 'the new amount in Dutch money');
    await shot(page, '43-overtredingen');
    await page.close();
  });

  await suite.test('beheer: back-ups, make and check; a damaged one says so; restore asks first and ends the session', async () => {
    const page = await login('admin', '#/beheer/backups');
    await page.waitForSelector(tid('backup-list'));
    await noHorizontalScroll(page, 'backups');
    const before = await page.$$eval(tid('backup-row'), (els) => els.length);
    await page.click(tid('backup-make'));
    await page.waitForSelector(tid('backup-made'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="backup-row"]').length === n + 1, before);
    await page.click(`${tid('backup-row')}:first-of-type ${tid('backup-check-button')}`);
    await page.waitForSelector(`${tid('backup-row')}:first-of-type ${tid('backup-check')} [data-ok="true"]`);
    await page.click(`${tid('backup-row')}:last-of-type ${tid('backup-check-button')}`);
    await page.waitForSelector(`${tid('backup-row')}:last-of-type ${tid('backup-check')} [data-ok="false"]`);
    await shot(page, '44-backups');
    await page.click(`${tid('backup-row')}:nth-of-type(2) ${tid('backup-restore')}`);
    await page.waitForSelector(tid('restore-dialog'));
    await page.click(tid('restore-confirm'));
    await page.waitForSelector(tid('login-notice'));
    assert(/teruggezet/.test(await page.textContent(tid('login-notice'))), 'the login says what happened');
    await page.close();
  });

  await suite.test('beheer: a senior makes backups but does not restore; no audit log', async () => {
    const page = await login('senior', '#/beheer/backups');
    await page.waitForSelector(tid('backup-list'));
    equal(await page.$$eval(tid('backup-restore'), (els) => els.length), 0, 'no restore for a senior');
    equal(await page.$$eval(tid('tab-auditlog'), (els) => els.length), 0, 'no audit log tab for a senior');
    await page.close();
  });

  await suite.test('beheer: the audit log, filtered by account, action and text; before and after', async () => {
    const page = await login('admin', '#/beheer/auditlog');
    await page.waitForSelector(tid('audit-list'));
    await noHorizontalScroll(page, 'audit log');
    const total = Number(await page.getAttribute(tid('audit-total'), 'data-total'));
    assert(total > 100, `a month of work: ${total}`);
    await page.fill(tid('audit-action'), 'permit.void');
    await page.click(tid('audit-search'));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="audit-total"]')?.dataset.total) < n, total);
    const actions = await page.$$eval(tid('audit-row'), (els) => els.map((e) => e.dataset.action));
    assert(actions.length > 0 && actions.every((a) => a === 'permit.void'), `only voids: ${actions}`);
    await page.locator(tid('audit-row')).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('audit-after'));
    await shot(page, '45-auditlog');
    await page.fill(tid('audit-from'), '31-02-2026');
    await page.click(tid('audit-search'));
    await page.waitForSelector(`${tid('audit-filters')} small.bad`);
    await page.close();
  });
}
