// Live (called from serve.mjs), on the REAL core: what another desk stores (here a second
// session over the API, as a desk or a tablet is) shows on this desk's screen within a second,
// without a reload: the day view and the permit list, notes, attendance, the ticket list and
// Vandaag; an allocation another desk changed is said, with a reload, not swapped under the
// clerk's hands. Every check is against the database.
//
// ctx: see serve.mjs.

/** What the issue asks: another desk's change is on screen within a second. */
const LIVE_MS = 1000;

export async function serveLiveFlows({ suite, startServer, login, api, apiLogin, sql, tid, assert, equal, noProblems, AC, MORNING }) {
  let db = null;
  const q = (query) => sql(db, query);
  ({ db } = await startServer('live'));

  /** Active holders of AC with a stall and no permit this morning, from the `skip`th on. */
  function holder(skip) {
    const id = q(
      `SELECT v.id FROM vendor v
         JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND r.status <> 'soll'
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY r.list_number LIMIT 1 OFFSET ${skip}`,
    );
    assert(id, 'a holder of AC without a permit this morning');
    return Number(id);
  }

  /** Another desk (its own session) issues a permit for `vendorId` this morning at AC. */
  async function issueElsewhere(token, vendorId) {
    const form = {
      marketId: Number(AC), day: MORNING, vendorId, presence: 'zelf', substituteId: null, identifiedBy: 'getypt',
      requested: {}, stalls: [], note: '', payment: 'pin', overrideReason: 'plaats vrijgekomen', confirmedDay: null,
    };
    const issued = await api('issue_permit', { form }, token);
    equal(issued.status, 200, `issued at the other desk: ${JSON.stringify(issued.body)}`);
    return issued.body;
  }

  /** Waits until `fn(arg)` holds in the page, at most `LIVE_MS` after `since`. */
  async function within(page, since, what, fn, arg) {
    const left = Math.max(1, since + LIVE_MS - Date.now());
    try {
      await page.waitForFunction(fn, arg, { timeout: left });
    } catch {
      throw new Error(`${what}: not on screen within ${LIVE_MS} ms of the other desk’s answer`);
    }
  }

  const validPermits = () =>
    Number(q(`SELECT count(*) FROM daily_permit p WHERE market_id = ${AC} AND day = '${MORNING}' AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`));

  await suite.test('serve live: another desk’s permit shows in the day view and the counter’s list within a second', async () => {
    const problems = [];
    const other = (await apiLogin('supervisor')).token;
    const view = await login('senior', problems, '#/vergunningen/dagoverzicht');
    await view.waitForSelector(tid('dv-permits'));
    const before = Number(await view.textContent(tid('dv-permits')));
    equal(before, validPermits(), 'the day view counts what the database has');

    const counter = await login('senior', problems, '#/vergunningen/uitgifte');
    await counter.waitForSelector(tid('counter-vendor'));
    const listed = await counter.locator(tid('counter-permit')).count();

    const vendorId = holder(0);
    await issueElsewhere(other, vendorId);
    const at = Date.now();
    await within(view, at, 'the day view', ([sel, n]) => Number(document.querySelector(sel)?.textContent) === n, [tid('dv-permits'), before + 1]);
    await within(counter, at, 'the counter’s list of the day', ([sel, n]) => document.querySelectorAll(sel).length === n, [tid('counter-permit'), listed + 1]);
    equal(Number(await view.textContent(tid('dv-permits'))), validPermits(), 'and it is what the database has');
    noProblems(problems, 'live permits');
    await view.close();
    await counter.close();
  });

  await suite.test('serve live: a note, a sign-off and a ticket of another desk show as they happen', async () => {
    const problems = [];
    const other = (await apiLogin('supervisor')).token;
    const notes = await login('senior', problems, '#/vergunningen/notities');
    await notes.waitForSelector(`${tid('notes')}, ${tid('notes-none')}`);
    const noted = await notes.locator(tid('note')).count();
    // The clerk is typing a note of their own meanwhile: it stays.
    await notes.fill(tid('note-text'), 'half getypt');
    const added = await api('add_note', { marketId: Number(AC), day: MORNING, text: 'kraam 7 staat scheef' }, other);
    equal(added.status, 200, `the other desk's note: ${JSON.stringify(added.body)}`);
    await within(notes, Date.now(), 'the note', ([sel, n]) => document.querySelectorAll(sel).length === n, [tid('note'), noted + 1]);
    assert((await notes.textContent(tid('notes'))).includes('kraam 7 staat scheef'), 'the other desk’s note, as written');
    equal(await notes.inputValue(tid('note-text')), 'half getypt', 'what the clerk was typing stays');

    const attendance = await login('senior', problems, '#/vergunningen/aanmeldingen');
    await attendance.waitForSelector(tid('attendance-row'));
    const row = attendance.locator(tid('attendance-row')).first();
    const vendorId = Number(await row.getAttribute('data-vendor-id'));
    const comes = (await row.getAttribute('data-comes')) === 'true';
    // After the sign-on cut-off only a senior changes it: another senior's desk.
    const senior = (await apiLogin('admin')).token;
    const recorded = await api('record_attendance', { vendorId, marketId: Number(AC), day: MORNING, attends: !comes, reason: 'belde af' }, senior);
    equal(recorded.status, 200, `the other desk's sign-off: ${JSON.stringify(recorded.body)}`);
    await within(
      attendance,
      Date.now(),
      'the sign-off',
      ([sel, want]) => document.querySelector(sel)?.getAttribute('data-comes') === want,
      [`${tid('attendance-row')}[data-vendor-id="${vendorId}"]`, String(!comes)],
    );

    const tickets = await login('senior', problems, '#/controles/bonnen');
    await tickets.waitForSelector(`${tid('ticket-row')}, ${tid('ticket-filters')}`);
    const shown = await tickets.locator(tid('ticket-row')).count();
    const input = {
      marketId: Number(AC), day: MORNING, time: '09:10', stall: '', vendorId: holder(1), unknownPerson: null,
      permitId: null, controlId: null, violationCode: 'V01', note: 'live',
    };
    const ticket = await api('create_ticket', { input }, other);
    equal(ticket.status, 200, `the other desk's ticket: ${JSON.stringify(ticket.body)}`);
    await within(tickets, Date.now(), 'the ticket', ([sel, n]) => document.querySelectorAll(sel).length === n, [tid('ticket-row'), shown + 1]);
    equal(Number(q('SELECT count(*) FROM ticket')), shown + 1, 'the list shows every ticket the database has');
    noProblems(problems, 'live notes, attendance, tickets');
    for (const p of [notes, attendance, tickets]) await p.close();
  });

  await suite.test('serve live: an allocation another desk changed is said, with who, and read again on request', async () => {
    const problems = [];
    const page = await login('senior', problems, '#/indeling');
    await page.waitForSelector(`${tid('alloc-dayname')}[data-day]`);
    const day = await page.getAttribute(tid('alloc-dayname'), 'data-day');
    const marketId = Number(await page.inputValue(tid('alloc-market')));
    await page.waitForSelector(`${tid('alloc-none')}, ${tid('alloc-version-title')}`);
    const versions = Number(q(`SELECT count(*) FROM allocation WHERE market_id = ${marketId} AND day = '${day}'`));

    // Another senior, at another desk, runs the allocation of that day.
    const other = (await apiLogin('admin')).token;
    const ran = await api('run_allocation', { marketId, day }, other);
    equal(ran.status, 200, `run at the other desk: ${JSON.stringify(ran.body)}`);
    equal(Number(q(`SELECT count(*) FROM allocation WHERE market_id = ${marketId} AND day = '${day}'`)), versions + 1, 'a new version stored');
    await within(page, Date.now(), 'the notice', (sel) => !!document.querySelector(sel), tid('alloc-superseded'));
    const by = q("SELECT display_name FROM account WHERE username = 'beheer'");
    assert((await page.textContent(tid('alloc-superseded'))).includes(by), `the notice names who changed it (${by})`);
    // Read again on request: the newest version, the notice gone.
    await page.click(tid('alloc-reload'));
    await page.waitForSelector(tid('alloc-version-title'));
    assert((await page.textContent(tid('alloc-version-title'))).includes(String(ran.body.number)), 'the other desk’s version is shown');
    equal(await page.locator(tid('alloc-superseded')).count(), 0, 'no notice after the reload');

    // The desk's own run is no news to itself.
    await page.click(tid('alloc-run'));
    await page.waitForSelector(tid('alloc-notice'));
    await page.waitForTimeout(LIVE_MS);
    equal(await page.locator(tid('alloc-superseded')).count(), 0, 'its own change raises no notice');
    noProblems(problems, 'live allocation');
    await page.close();
  });

  await suite.test('serve live: Vandaag follows another desk without waiting for its half-minute', async () => {
    const problems = [];
    const other = (await apiLogin('supervisor')).token;
    const page = await login('senior', problems);
    const entry = `${tid('today-market')}[data-market-id="${AC}"] ${tid('today-permits')}`;
    await page.waitForSelector(entry);
    const before = Number(await page.getAttribute(entry, 'data-count'));
    await issueElsewhere(other, holder(2));
    await within(page, Date.now(), 'Vandaag', ([sel, n]) => Number(document.querySelector(sel)?.dataset.count) === n, [entry, before + 1]);
    equal(before + 1, validPermits(), 'Vandaag counts the permits the database has');
    noProblems(problems, 'live vandaag');
    await page.close();
  });

  await suite.test('serve live: Beheer shows the open sessions with their address and ends one; the audit log names the address', async () => {
    const problems = [];
    const street = (await apiLogin('supervisor')).token;
    const page = await login('admin', problems, '#/beheer/accounts');
    await page.waitForSelector(tid('session-row'));
    const rows = await page.$$eval(tid('session-row'), (els) => els.map((e) => [e.dataset.username, e.textContent]));
    assert(rows.some(([u, text]) => u === 'beheer' && text.includes('127.0.0.1')), `the administrator's own session, from 127.0.0.1: ${JSON.stringify(rows)}`);
    const theirs = page.locator(`${tid('session-row')}[data-username="toezicht"]`).last();
    assert((await theirs.textContent()).includes('127.0.0.1'), 'the supervisor’s session with its address');
    await theirs.locator(tid('session-end')).click();
    await page.waitForSelector(tid('session-ended'));
    equal((await api('list_markets', {}, street)).status, 401, 'the ended session is refused');
    equal(q("SELECT client_address FROM audit_log WHERE action = 'session.end' ORDER BY id DESC LIMIT 1"), '127.0.0.1', 'audited with the address');
    // The audit log shows where each change came from.
    await page.evaluate(() => (location.hash = '#/beheer/auditlog'));
    await page.waitForSelector(`${tid('audit-row')}[data-action="session.end"]`);
    equal(await page.getAttribute(`${tid('audit-row')}[data-action="session.end"] ${tid('audit-who')}`, 'data-address'), '127.0.0.1', 'the address in the log');
    noProblems(problems, 'sessions');
    await page.close();
  });
}
