// The inspection flows on the REAL core (called from serve.mjs): the control round
// (the sample drawn, compared with the core's own answer and the database, round 1 recorded
// by keyboard), a ticket written from a control (the core's decision before saving, issued,
// the letter, paid), the ticket form's decision (warning first, then a fine naming the
// earlier ticket), the ticket list's filters, the ticket page's refusals, the vendor's
// history, the day view's control marks, and Beheer's overtredingen, back-ups and audit log.
//
// The demo's history ends on Friday 27-11-2026; the server's Saturday morning (AC is held)
// has no permits, so the flows that need permits of the day issue them through the API
// (`issue_permit`, as the counter does). Vendors, tickets and violations are found by SQL;
// every number the page shows is compared with the database or with the core's own answer.
//
// The servers whose backups matter run on a copy in a folder of their own (the core keeps
// backups in `backups/` beside the database), so that no other flow's backups show up.
//
// ctx: { suite, startServer(name) → {db, base}, api, apiLogin, isError, login, noProblems,
//        sql(db, q), tid, assert, equal, work, AC, MORNING }
import fs from 'node:fs';
import path from 'node:path';

export async function serveInspectionFlows({ suite, startServer, api, apiLogin, isError, login, noProblems, accessible, sql, tid, assert, equal, work, markt, dist, AC, MORNING }) {
  let db = null;
  let base = null;
  const q = (query) => sql(db, query);
  const lines = (query) => q(query).split('\n').filter(Boolean);
  const accountId = (username) => q(`SELECT id FROM account WHERE username = '${username}'`);
  /** A ticket's status: the latest of its events. */
  const status = (ticketId) => q(`SELECT status FROM ticket_event WHERE ticket_id = ${ticketId} ORDER BY id DESC LIMIT 1`);
  /** Cents as a clerk types them: 100,00. */
  const typed = (cents) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
  const dutchDate = (iso) => iso.split('-').reverse().join('-');
  /** The browser's own line for an error answer the flow provokes (4xx only). */
  const only4xx = (problems) => problems.filter((p) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(p));
  /** A count as the page may show it: 17639 or 17.639. */
  const shows = (text, n) => text.includes(String(n)) || text.includes(n.toLocaleString('nl-NL'));
  const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? '');

  async function noHorizontalScroll(page, what) {
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert(scroll <= client, `${what}: no horizontal scroll (${scroll} > ${client})`);
  }

  /** A server on a fresh copy in a folder of its own (its own `backups/`). */
  async function ownServer(name) {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const s = await startServer(`${name}/markt`);
    ({ db, base } = s);
    return s;
  }

  async function fresh(name) {
    const s = await startServer(name);
    ({ db, base } = s);
    return s;
  }

  /**
   * Permits on the morning at AC, issued through the API as the counter does: the vendors
   * under an enforcement request with a registration at AC, and fixed holders, every other
   * one with a partner at the stall (so the draw has permits "not in person" to pick from).
   */
  async function issueMorningPermits(token) {
    const enforcement = lines(
      `SELECT v.id FROM vendor v JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE v.status = 'actief' AND v.enforcement_until >= '${MORNING}'
          AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
        ORDER BY v.id LIMIT 2`,
    );
    assert(enforcement.length > 0, 'a vendor under enforcement with a registration at AC');
    const fixed = lines(
      `SELECT v.id FROM vendor v JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND r.status <> 'soll'
          AND EXISTS (SELECT 1 FROM registration_product rp WHERE rp.registration_id = r.id)
          AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
        ORDER BY r.list_number LIMIT 14`,
    );
    assert(fixed.length === 14, `fourteen fixed holders of AC: ${fixed.length}`);
    const issued = [];
    for (const [i, id] of [...enforcement, ...fixed].entries()) {
      const counter = await api('open_counter', { marketId: Number(AC), day: MORNING, vendorId: Number(id) }, token);
      equal(counter.status, 200, `open_counter for vendor ${id}`);
      const c = counter.body;
      const form = {
        marketId: Number(AC),
        day: MORNING,
        vendorId: Number(id),
        presence: i % 2 === 0 ? 'zelf' : 'partner',
        substituteId: null,
        identifiedBy: 'getypt',
        requested: c.requested,
        stalls: c.registration?.stallNumbers ?? c.allocated,
        note: '',
        payment: 'pin',
        overrideReason: c.warnings.some((w) => w.needsReason) ? 'controleronde test' : null,
      };
      const answer = await api('issue_permit', { form }, token);
      equal(answer.status, 200, `issue_permit for vendor ${id}: ${JSON.stringify(answer.body)}`);
      issued.push({ id: answer.body.id, vendorId: Number(id) });
    }
    equal(q(`SELECT count(*) FROM daily_permit WHERE market_id = ${AC} AND day = '${MORNING}'`), String(issued.length), 'the permits of the morning');
    return { issued, enforcement: enforcement.map(Number) };
  }

  async function roundPage(role, problems) {
    const page = await login(role, problems, '#/controles/ronde');
    // The picker is drawn before the markets arrive: wait for the list, then read the choice.
    await page.waitForSelector(`${tid('insp-market')} option`, { state: 'attached' });
    equal(await page.inputValue(tid('insp-market')), AC, 'AC, held today, is chosen');
    equal(await page.getAttribute(tid('insp-when'), 'data-day'), MORNING, 'the server’s morning');
    return page;
  }

  /** The day's sample: draw it when there is none yet (one per day; the core refuses a second). */
  async function drawn(page) {
    await page.waitForSelector(`${tid('sample-none')}, ${tid('sample-head')}`);
    if (await page.isVisible(tid('draw-sample'))) await page.click(tid('draw-sample'));
    await page.waitForSelector(`${tid('round-row')}[aria-selected="true"]`);
  }

  // ── Printing in a clerk's words (issue 16, item 10) ─────────────────────────────────────
  // Over HTTP the browser prints the PDF itself, so the desk's printer messages cannot be
  // provoked here; what a clerk can ever read is in the built UI or in the server's strings.
  await suite.test('serve inspections: printer and viewer messages name no program (no CUPS, no lpstat)', async () => {
    const assets = path.join(dist, 'assets');
    const files = [...fs.readdirSync(assets).filter((f) => /\.(js|html)$/.test(f)).map((f) => path.join(assets, f)), path.join(dist, 'index.html')];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const word of ['CUPS', 'lpstat']) assert(!text.includes(word), `${path.basename(file)}: ‘${word}’ in the UI`);
    }
    // The server's messages (markt-app's print commands are in it): the command's name may be
    // there, as the program it runs, but no sentence names it.
    const binary = fs.readFileSync(markt);
    for (const word of ['CUPS', 'lp, lpstat', 'lp kon niet starten', 'powershell kon niet']) {
      assert(!binary.includes(Buffer.from(word)), `‘${word}’ in a message of the server`);
    }
    assert(binary.includes(Buffer.from('Geen printer gevonden')), 'the clerk’s words for no printer');
  });

  // ── The control round: a server of its own, its sample drawn on the page ──────────────
  {
    await fresh('inspections-round');
    const supervisor = (await apiLogin('supervisor')).token;
    const { enforcement } = await issueMorningPermits(supervisor);

    await suite.test('serve inspections: control round: draw the sample (the core’s draw), record round 1 by keyboard, the difference marked', async () => {
      const problems = [];
      const page = await roundPage('supervisor', problems);
      await page.waitForSelector(tid('sample-none'));
      equal(await api('control_round', { marketId: Number(AC), day: MORNING }, supervisor), { status: 200, body: null }, 'no sample yet');
      const permits = q(`SELECT count(*) FROM daily_permit WHERE market_id = ${AC} AND day = '${MORNING}'`);
      const size = q(`SELECT sample_size FROM market WHERE id = ${AC}`);
      const none = await page.textContent(tid('sample-none'));
      assert(none.includes(`${permits} dagvergunningen`) && none.includes(`steekproefgrootte ${size}`), `the permits of the day and the size: ${none}`);
      await page.click(tid('draw-sample'));
      await page.waitForSelector(tid('sample-head'));
      // In the database: one sample, drawn by toezicht, its members in the order drawn.
      const [sampleId, seed, drawnBy] = q(`SELECT id, seed, drawn_by FROM control_sample WHERE market_id = ${AC} AND day = '${MORNING}'`).split('|');
      equal(drawnBy, accountId('toezicht'), 'drawn by toezicht');
      const shownSeed = (await page.textContent(tid('sample-seed'))).trim();
      equal(shownSeed, BigInt.asUintN(64, BigInt(seed)).toString(), 'the stored seed is shown');
      const round = await api('control_round', { marketId: Number(AC), day: MORNING }, supervisor);
      equal(round.status, 200, 'control_round answers');
      equal(round.body.seed, shownSeed, 'the core’s seed');
      equal(round.body.reproduces, true, 'the core re-runs the draw over the stored pool: the same list');
      equal(await page.getAttribute(tid('sample-reproduces'), 'data-ok'), 'true', 'the page says it reproduces');
      const storedSize = q(`SELECT sample_size FROM control_sample WHERE id = ${sampleId}`);
      equal(String(round.body.size), storedSize, 'the core answers the stored size');
      equal(await page.getAttribute(tid('sample-size'), 'data-size'), storedSize, 'the page shows the size it was drawn with');
      await accessible(page, 'control round with its sample');
      const rows = await page.$$eval(tid('round-row'), (els) => els.map((e) => `${e.dataset.permitId}|${e.dataset.reason}`));
      equal(rows, round.body.entries.map((e) => `${e.permit.id}|${e.reason}`), 'the list is the core’s sample, in its order');
      equal(
        rows,
        lines(`SELECT permit_id || '|' || reason FROM control_sample_member WHERE sample_id = ${sampleId} ORDER BY position`),
        'and the stored members',
      );
      equal(String(rows.length), size, 'as many as the market’s sample size');
      // Every enforcement permit, first (inspections.md step 1).
      const enforced = rows.filter((r) => r.endsWith('|enforcement')).map((r) => r.split('|')[0]);
      equal(
        [...enforced].sort(),
        lines(`SELECT id FROM daily_permit WHERE market_id = ${AC} AND day = '${MORNING}' AND vendor_id IN (${enforcement.join(',')}) ORDER BY id`).sort(),
        'every permit of a vendor under enforcement is in, for that reason',
      );
      assert(rows[0].endsWith('|enforcement'), `the enforcement permit comes first: ${rows}`);
      await noHorizontalScroll(page, 'control round');

      // The first row has the focus: n (not there) and Enter save round 1.
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'round-row');
      equal(await focused(page), 'round-row', 'the focus is on the list');
      const first = await page.getAttribute(`${tid('round-row')}[aria-selected="true"]`, 'data-permit-id');
      equal(first, String(round.body.entries[0].permit.id), 'the first permit is chosen');
      await page.keyboard.press('n');
      equal(await page.getAttribute(`${tid('control-presence')}[aria-checked="true"]`, 'data-presence'), 'niet_aanwezig', 'n: absent');
      await page.waitForSelector(`${tid('control-diff')}[data-alarming="true"]`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('control-saved'));
      await page.waitForSelector(`${tid('round-row')}[data-permit-id="${first}"][data-controls="1"]`);
      equal(
        q(`SELECT round || '|' || presence || '|' || account_id FROM control WHERE permit_id = ${first}`),
        `1|niet_aanwezig|${accountId('toezicht')}`,
        'round 1 stored: nobody there, by toezicht',
      );
      equal(
        await page.getAttribute(`${tid('round-row')}[data-permit-id="${first}"] ${tid('round-mark')}[data-round="1"] .tag`, 'data-alarming'),
        'true',
        'round 1 marked alarming in the list',
      );
      equal(await page.getAttribute(tid('control-form'), 'data-round'), '2', 'the form offers round 2 next');

      // ↓ and the key of what the permit says, Enter: no difference, stored as seen.
      await page.keyboard.press('ArrowDown');
      const second = String(round.body.entries[1].permit.id);
      await page.waitForFunction((id) => document.activeElement?.dataset?.permitId === id, second);
      equal(await page.getAttribute(`${tid('round-row')}[aria-selected="true"]`, 'data-permit-id'), second, 'ArrowDown moves on');
      const presence = q(`SELECT presence FROM daily_permit WHERE id = ${second}`);
      const key = { zelf: 'z', partner: 'p' }[presence];
      assert(key, `a permit in person or with a partner: ${presence}`);
      await page.waitForSelector(`${tid('control-form')}[data-round="1"] ${tid('control-product')}`);
      await page.keyboard.press(key);
      equal(await page.getAttribute(`${tid('control-presence')}[aria-checked="true"]`, 'data-presence'), presence, `${key}: ${presence}`);
      equal(await page.locator(tid('control-diff')).count(), 0, 'no difference when the permit says so');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${tid('round-row')}[data-permit-id="${second}"][data-controls="1"]`);
      equal(q(`SELECT round || '|' || presence FROM control WHERE permit_id = ${second}`), `1|${presence}`, 'round 1 of the second stored');
      equal(
        await page.getAttribute(`${tid('round-row')}[data-permit-id="${second}"] ${tid('round-mark')}[data-round="1"] .tag`, 'data-alarming'),
        'false',
        'not alarming',
      );
      // The draw is once a day: the core refuses a second.
      isError(await api('draw_sample', { marketId: Number(AC), day: MORNING }, supervisor), 409, 'conflict', 'a second draw');
      noProblems(problems, 'control round');
      await page.close();
    });
  }

  // ── Tickets: one server; permits on the morning, the demo's history of tickets ──────────
  {
    await fresh('inspections-tickets');
    const supervisor = (await apiLogin('supervisor')).token;
    await issueMorningPermits(supervisor);
    const noFilter = { status: null, overdue: false, marketId: null, from: null, until: null, vendorId: null };

    await suite.test('serve inspections: ticket from a control: prefilled, the core’s decision before saving, issue, letter, pay', async () => {
      const problems = [];
      const page = await roundPage('supervisor', problems);
      await drawn(page);
      // Record a control on the chosen permit if it has none.
      const row = `${tid('round-row')}[aria-selected="true"]`;
      await page.waitForSelector(row);
      const permitId = await page.getAttribute(row, 'data-permit-id');
      equal(await page.getAttribute(row, 'data-controls'), '0', 'a permit not checked yet');
      equal(q(`SELECT presence FROM daily_permit WHERE id = ${permitId}`).startsWith('vervanger'), false, 'issued in person or to the partner');
      // x: a substitute without permission, whom nobody knows: the form asks who stood there.
      await page.focus(row);
      await page.keyboard.press('x');
      await page.waitForSelector(tid('control-substitute-name'));
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${tid('field-error')}[data-field="substituteName"]`);
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'control-substitute-name');
      equal(q(`SELECT count(*) FROM control WHERE permit_id = ${permitId}`), '0', 'the core saves no such control without a name');
      await page.keyboard.type('man met pet');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${row}[data-controls="1"]`);
      equal(
        q(`SELECT presence || '|' || substitute_name FROM control WHERE permit_id = ${permitId}`),
        'vervanger_zonder_toestemming|man met pet',
        'the control keeps who stood there',
      );
      const controlId = q(`SELECT id FROM control WHERE permit_id = ${permitId} ORDER BY round DESC LIMIT 1`);
      const [vendorId, stalls] = q(`SELECT vendor_id, stalls FROM daily_permit WHERE id = ${permitId}`).split('|');
      const firstStall = stalls.split(',')[0];
      await page.focus(row);
      await page.keyboard.press('b');
      await page.waitForSelector(tid('ticket-form'));
      equal(await page.getAttribute(tid('ticket-link'), 'data-permit-id'), permitId, 'linked to the permit');
      equal(await page.getAttribute(tid('ticket-link'), 'data-control-id'), controlId, 'and to its latest control');
      equal(await page.getAttribute(tid('ticket-vendor-chosen'), 'data-vendor-id'), vendorId, 'the permit’s vendor');
      equal(await page.inputValue(tid('field-marketId')), AC, 'the market');
      equal(await page.inputValue(tid('field-day')), dutchDate(MORNING), 'the day');
      equal(await page.inputValue(tid('field-stall')), firstStall, 'the stall');
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'field-violationCode');
      // A substitute without permission: the ticket starts with that violation chosen (V01).
      await page.waitForFunction(() => document.querySelector('[data-testid="field-violationCode"]')?.value === 'V01');
      equal(await page.inputValue(tid('field-violationCode')), 'V01', 'the violation the control found is chosen');
      // The decision is the core's, shown before saving.
      const decide = async (code) => {
        const d = await api('decide_ticket', { vendorId: Number(vendorId), violationCode: code, day: MORNING }, supervisor);
        equal(d.status, 200, `decide_ticket ${code}`);
        return d.body;
      };
      const v01 = await decide('V01');
      await page.selectOption(tid('field-violationCode'), 'V01');
      await page.waitForSelector(`${tid('ticket-decision')}[data-decision="${v01.decision}"][data-cents="${v01.amountCents}"]`);
      await noHorizontalScroll(page, 'ticket form');
      // V03 is fined at once.
      const v03 = await decide('V03');
      equal([v03.decision, v03.amountCents], ['boete', Number(q("SELECT amount_cents FROM violation WHERE code = 'V03' ORDER BY valid_from DESC LIMIT 1"))], 'V03: a fine of the catalogue’s amount');
      await page.selectOption(tid('field-violationCode'), 'V03');
      await page.waitForSelector(`${tid('ticket-decision')}[data-decision="boete"][data-cents="${v03.amountCents}"]`);
      const before = Number(q('SELECT count(*) FROM ticket'));
      await page.click(tid('ticket-save'));
      await page.waitForSelector(tid('ticket-page'));
      const number = await page.getAttribute(tid('ticket-number'), 'data-number');
      assert(/^B2026-\d{6}$/.test(number), `a ticket number: ${number}`);
      equal(Number(q('SELECT count(*) FROM ticket')), before + 1, 'one ticket more');
      const [id, stored] = q(
        `SELECT t.id, t.vendor_id || '|' || t.permit_id || '|' || t.control_id || '|' || t.market_id || '|' || t.day || '|' || t.stall || '|' || v.code
                || '|' || t.decision || '|' || t.amount_cents || '|' || t.issued_by
           FROM ticket t JOIN violation v ON v.id = t.violation_id WHERE t.number = '${number}'`,
      ).split(/\|(.*)/s);
      equal(
        stored,
        `${vendorId}|${permitId}|${controlId}|${AC}|${MORNING}|${firstStall}|V03|boete|${v03.amountCents}|${accountId('toezicht')}`,
        'the ticket as stored: the vendor, permit, control, market, day, stall, the fine',
      );
      equal(await page.getAttribute(tid('ticket-status'), 'data-status'), 'draft', 'a new ticket is a draft');
      // The permit by its number and the control by its round and time, not by ids.
      const [invoice, controlAt] = q(`SELECT p.invoice_number, k.at FROM daily_permit p JOIN control k ON k.permit_id = p.id WHERE k.id = ${controlId}`).split('|');
      const clock = new Date(controlAt).toLocaleTimeString('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' });
      equal(await page.getAttribute(tid('ticket-permit'), 'data-permit-number'), invoice, 'the permit number');
      equal(
        (await page.innerText(tid('ticket-permit'))).trim(),
        `dagvergunning ${invoice} · controle ronde 1 om ${clock}`,
        'the permit and the round as the clerk knows them',
      );
      assert(!(await page.innerText(tid('ticket-page'))).includes(`vergunning ${permitId},`), 'no internal permit id');
      equal(status(id), 'draft', 'draft in the database');
      await page.click(tid('status-issued'));
      await page.waitForSelector(`${tid('ticket-status')}[data-status="issued"]`);
      equal(status(id), 'issued', 'issued in the database');
      // The dates of the term the core stored when it was issued: on the page as on the letter.
      const [issuedOn, due, objection] = q(`SELECT from_day, due_date, objection_until FROM ticket_term WHERE ticket_id = ${id} ORDER BY event_id DESC LIMIT 1`).split('|');
      equal(issuedOn, MORNING, 'issued on the server’s day');
      await page.waitForSelector(tid('ticket-issued-on'));
      equal((await page.textContent(tid('ticket-issued-on'))).trim(), dutchDate(issuedOn), 'the issue day shown');
      equal((await page.textContent(tid('ticket-due'))).trim(), dutchDate(due), 'the due date shown');
      equal((await page.textContent(tid('ticket-objection-until'))).trim(), dutchDate(objection), 'the objection deadline shown');
      await accessible(page, 'ticket page');
      // The letter: the server makes the PDF, the browser shows it in a new tab (to print from there).
      const request = { document: 'ticket', ticketId: Number(id) };
      for (const button of ['letter-preview', 'letter-print']) {
        const [tab] = await Promise.all([page.waitForEvent('popup'), page.click(tid(button))]);
        await page.waitForSelector(tid('letter-done'));
        const made = await page.getAttribute(tid('letter-done'), 'data-path');
        assert(made.endsWith(`bon-${number}.pdf`), `${button}: the letter is named after the ticket: ${made}`);
        assert(tab.url().startsWith('blob:'), `${button}: the PDF is shown from the fetched bytes: ${tab.url()}`);
        await tab.close();
      }
      // As any client gets it: made by the core, fetched by the session that made it.
      const letter = await api('make_document', { request }, supervisor);
      equal(letter.status, 200, `make_document: ${JSON.stringify(letter.body)}`);
      equal(letter.body.fileName, `bon-${number}.pdf`, 'the letter’s name');
      const pdf = await fetch(`${base}/api/file`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body: JSON.stringify({ path: letter.body.path }),
      });
      equal([pdf.status, pdf.headers.get('content-type')], [200, 'application/pdf'], 'the PDF over HTTP');
      equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF');
      equal(q(`SELECT count(*) FROM ticket_event WHERE ticket_id = ${id}`), '2', 'the letter changes no status');
      // Paid in full: the core makes it paid.
      equal(await page.inputValue(tid('pay-amount')), typed(v03.amountCents), 'the open amount is offered');
      await page.fill(tid('pay-amount'), typed(v03.amountCents));
      await page.click(tid('pay-save'));
      await page.waitForSelector(`${tid('ticket-status')}[data-status="paid"]`);
      await page.waitForSelector(tid('paid'));
      equal(await page.$$eval(tid('ticket-payment'), (els) => els.length), 1, 'one payment');
      equal(
        q(`SELECT method || '|' || amount_cents || '|' || account_id FROM payment WHERE ticket_id = ${id}`),
        `pin|${v03.amountCents}|${accountId('toezicht')}`,
        'the payment is stored',
      );
      equal(status(id), 'paid', 'paid in the database');
      // Paid, everywhere on the page: the status, the header, the due date; and in the list.
      equal((await page.innerText(tid('ticket-status'))).trim(), 'betaald', 'the status says betaald');
      assert((await page.innerText(tid('ticket-verdict'))).includes('betaald'), `the header says betaald: ${await page.innerText(tid('ticket-verdict'))}`);
      assert((await page.innerText(tid('ticket-due'))).includes('betaald'), 'the due date says betaald');
      await page.click(tid('back-to-tickets'));
      const listRow = `${tid('ticket-row')}[data-number="${number}"]`;
      await page.waitForSelector(listRow);
      equal(await page.getAttribute(listRow, 'data-status'), 'paid', 'the list row is paid');
      const cells = await page.$$eval(`${listRow} [role="cell"]`, (els) => els.map((e) => e.textContent.trim()));
      equal(cells[7], 'betaald', 'the list row’s due column says betaald');
      equal(cells[8], 'betaald', 'the list row’s status says betaald');
      noProblems(only4xx(problems), 'ticket from a control');
      await page.close();
    });

    await suite.test('serve inspections: ticket form: warning first, then a fine with the earlier ticket named (decide_ticket)', async () => {
      const problems = [];
      // A vendor with a V01 ticket in the twelve months before the morning and never a V05.
      const [vendorId, number] = q(
        `SELECT v.id, v.registration_number FROM vendor v
          WHERE EXISTS (SELECT 1 FROM ticket t JOIN violation vi ON vi.id = t.violation_id
                         WHERE t.vendor_id = v.id AND vi.code = 'V01' AND t.day > date('${MORNING}', '-12 months') AND t.day <= '${MORNING}')
            AND NOT EXISTS (SELECT 1 FROM ticket t JOIN violation vi ON vi.id = t.violation_id WHERE t.vendor_id = v.id AND vi.code = 'V05')
          ORDER BY v.id LIMIT 1`,
      ).split('|');
      assert(vendorId, 'a vendor with an earlier V01 ticket');
      const decide = async (code) => (await api('decide_ticket', { vendorId: Number(vendorId), violationCode: code, day: MORNING }, supervisor)).body;
      const v05 = await decide('V05');
      const v01 = await decide('V01');
      equal(v05.decision, 'waarschuwing', 'V05 is warning first: a warning');
      equal(v01.decision, 'boete', 'V01 again: a fine');
      assert(v01.earlier.length > 0, 'the earlier ticket');
      const earlier = lines(
        `SELECT t.number FROM ticket t JOIN violation vi ON vi.id = t.violation_id
          WHERE t.vendor_id = ${vendorId} AND vi.code = 'V01' AND t.day > date('${MORNING}', '-12 months') ORDER BY t.number`,
      );
      equal([...v01.earlier].sort(), earlier, 'the core names the V01 tickets of the twelve months');

      const page = await login('supervisor', problems, '#/controles/bon');
      await page.waitForSelector(tid('ticket-form'));
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'ticket-vendor');
      await page.keyboard.type(number, { delay: 20 });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${tid('ticket-vendor-chosen')}[data-vendor-id="${vendorId}"]`);
      await page.waitForSelector(tid('vendor-tickets'));
      const theirs = (await api('tickets', { filter: { ...noFilter, vendorId: Number(vendorId) } }, supervisor)).body.map((t) => t.number);
      equal(await page.$$eval(tid('vendor-ticket'), (els) => els.map((e) => e.dataset.number)), theirs, 'the vendor’s tickets beside the form');
      equal(theirs.length, Number(q(`SELECT count(*) FROM ticket WHERE vendor_id = ${vendorId}`)), 'all of them');
      await page.selectOption(tid('field-violationCode'), 'V05');
      await page.waitForSelector(`${tid('ticket-decision')}[data-decision="waarschuwing"]`);
      await page.selectOption(tid('field-violationCode'), 'V01');
      await page.waitForSelector(`${tid('ticket-decision')}[data-decision="boete"][data-cents="${v01.amountCents}"]`);
      const named = await page.textContent(tid('decision-earlier'));
      for (const n of v01.earlier) assert(named.includes(n), `the earlier ticket ${n} is named: ${named}`);
      equal(
        await page.$$eval(`${tid('vendor-ticket')}.marked`, (els) => els.map((e) => e.dataset.number).sort()),
        [...v01.earlier].sort(),
        'and marked in the list',
      );
      // Saving with a time that is none: the core says where; nothing is stored.
      const before = q('SELECT count(*) FROM ticket');
      const refused = await api(
        'create_ticket',
        { input: { marketId: Number(AC), day: MORNING, time: '25:99', stall: '', vendorId: Number(vendorId), unknownPerson: null, permitId: null, controlId: null, violationCode: 'V01', note: '' } },
        supervisor,
      );
      isError(refused, 422, 'invalid', 'a time that is none');
      await page.fill(tid('field-time'), '25:99');
      await page.click(tid('ticket-save'));
      await page.waitForSelector(`${tid('field-error')}[data-field="time"]`);
      equal((await page.textContent(`${tid('field-error')}[data-field="time"]`)).trim(), refused.body.fields[0].message, 'the core’s message at the time');
      equal(q('SELECT count(*) FROM ticket'), before, 'no ticket stored');
      noProblems(only4xx(problems), 'ticket form');
      await page.close();
    });

    await suite.test('serve inspections: ticket list: by status, market and period; overdue; opens by keyboard', async () => {
      const problems = [];
      const senior = (await apiLogin('senior')).token;
      const tickets = async (filter) => {
        const a = await api('tickets', { filter: { ...noFilter, ...filter } }, senior);
        equal(a.status, 200, `tickets ${JSON.stringify(filter)}`);
        return a.body.map((t) => t.number);
      };
      const numbers = (page) => page.$$eval(tid('ticket-row'), (els) => els.map((e) => e.dataset.number));
      const shows = (page, list) => page.waitForFunction((l) => {
        const rows = [...document.querySelectorAll('[data-testid="ticket-row"]')].map((e) => e.dataset.number);
        return rows.length === l.length && rows.every((n, i) => n === l[i]);
      }, list);
      const page = await login('senior', problems, '#/controles/bonnen');
      await page.waitForSelector(tid('ticket-list'));
      const all = await tickets({});
      equal(all.length, Number(q('SELECT count(*) FROM ticket')), 'the core lists every ticket');
      await shows(page, all);
      equal(await page.getAttribute(tid('ticket-count'), 'data-count'), String(all.length), 'the count');
      await noHorizontalScroll(page, 'ticket list');
      // Overdue: issued or upheld fines past their due date, unpaid.
      const overdue = await tickets({ overdue: true });
      equal(
        [...overdue].sort(),
        lines(
          `SELECT t.number FROM ticket t
            WHERE t.decision = 'boete' AND t.due_date < '${MORNING}'
              AND (SELECT status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1) IN ('issued', 'upheld')
              AND coalesce((SELECT sum(amount_cents) FROM payment p WHERE p.ticket_id = t.id), 0) < t.amount_cents
            ORDER BY t.number`,
        ),
        'overdue as the database has it',
      );
      assert(overdue.length > 0 && overdue.length < all.length, `some overdue: ${overdue.length}`);
      await page.selectOption(tid('ticket-filter-status'), 'overdue');
      await shows(page, overdue);
      const tags = await page.$$eval(tid('ticket-row'), (els) => els.map((e) => e.querySelector('[data-testid="overdue-tag"]') !== null));
      assert(tags.every(Boolean), `only overdue tickets, each tagged: ${tags}`);
      // By a stored status.
      const paid = await tickets({ status: 'paid' });
      equal(
        [...paid].sort(),
        lines(`SELECT t.number FROM ticket t WHERE (SELECT status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1) = 'paid' ORDER BY t.number`),
        'paid as the database has it',
      );
      await page.selectOption(tid('ticket-filter-status'), 'paid');
      await shows(page, paid);
      await page.selectOption(tid('ticket-filter-status'), '');
      await shows(page, all);
      // By market: the Dappermarkt's.
      const dap = q("SELECT id FROM market WHERE code = 'DAP'");
      const atDap = await tickets({ marketId: Number(dap) });
      equal(atDap.length, Number(q(`SELECT count(*) FROM ticket WHERE market_id = ${dap}`)), 'DAP’s tickets');
      assert(atDap.length > 0 && atDap.length < all.length, 'some at DAP');
      await page.selectOption(tid('ticket-filter-market'), dap);
      await shows(page, atDap);
      const markets = await page.$$eval(tid('ticket-row'), (els) => els.map((e) => e.querySelectorAll('[role="cell"]')[2].textContent.trim().split(' ')[0]));
      assert(markets.every((m) => m === 'DAP'), `only DAP: ${markets}`);
      await page.click(tid('ticket-filter-reset'));
      await shows(page, all);
      // By period, both days included.
      const from = '2026-11-01';
      const until = '2026-11-15';
      const inPeriod = await tickets({ from, until });
      equal(inPeriod.length, Number(q(`SELECT count(*) FROM ticket WHERE day BETWEEN '${from}' AND '${until}'`)), 'the tickets of the period');
      assert(inPeriod.length > 0 && inPeriod.length < all.length, 'some in the period');
      await page.fill(tid('ticket-filter-from'), dutchDate(from));
      await page.keyboard.press('Enter');
      await page.fill(tid('ticket-filter-until'), dutchDate(until));
      await page.keyboard.press('Enter');
      await shows(page, inPeriod);
      await page.click(tid('ticket-filter-reset'));
      await shows(page, all);
      // ↓ and Enter open the second ticket.
      const shown = await numbers(page);
      await page.locator(tid('ticket-row')).first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('ticket-page'));
      equal(await page.getAttribute(tid('ticket-page'), 'data-number'), shown[1], 'the second ticket opens');
      noProblems(problems, 'ticket list');
      await page.close();
    });

    await suite.test('serve inspections: ticket page: an invalid payment is refused plainly; void needs a senior and a reason', async () => {
      // An issued fine, nothing paid yet.
      const [id, number, amount] = q(
        `SELECT t.id, t.number, t.amount_cents FROM ticket t
          WHERE t.decision = 'boete' AND (SELECT status FROM ticket_event e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1) = 'issued'
            AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.ticket_id = t.id)
          ORDER BY t.id LIMIT 1`,
      ).split('|');
      assert(id, 'an issued fine');
      // A supervisor is not offered the void, and the core refuses it.
      const supervisorProblems = [];
      const sup = await login('supervisor', supervisorProblems, `#/controles/bonnen/${id}`);
      await sup.waitForSelector(`${tid('ticket-page')}[data-number="${number}"]`);
      await sup.waitForSelector(tid('status-objection'));
      equal(await sup.locator(tid('status-void')).count(), 0, 'no void for a supervisor');
      isError(await api('set_ticket_status', { id: Number(id), status: 'void', reason: 'x' }, supervisor), 403, 'forbidden', 'void as supervisor');
      noProblems(supervisorProblems, 'ticket page (supervisor)');
      await sup.close();

      const problems = [];
      const senior = (await apiLogin('senior')).token;
      const page = await login('senior', problems, '#/controles/bonnen');
      await page.waitForSelector(tid('ticket-list'));
      await page.selectOption(tid('ticket-filter-status'), 'issued');
      await page.waitForSelector(`${tid('ticket-row')}[data-number="${number}"]`);
      await page.click(`${tid('ticket-row')}[data-number="${number}"]`);
      await page.waitForSelector(`${tid('ticket-page')}[data-number="${number}"]`);
      // More than is open: the core's message next to the amount; nothing stored.
      const tooMuch = await api('pay_ticket', { id: Number(id), method: 'pin', amount: '9999,00' }, senior);
      isError(tooMuch, 422, 'invalid', 'paying more than is open');
      equal(await page.inputValue(tid('pay-amount')), typed(Number(amount)), 'the open amount is offered');
      await page.fill(tid('pay-amount'), '9999,00');
      await page.click(tid('pay-save'));
      await page.waitForSelector(`${tid('field-error')}[data-field="amount"]`);
      equal((await page.textContent(`${tid('field-error')}[data-field="amount"]`)).trim(), tooMuch.body.fields[0].message, 'the core’s message');
      equal(q(`SELECT count(*) FROM payment WHERE ticket_id = ${id}`), '0', 'no payment stored');
      // Void without a reason: refused, at the reason.
      await page.click(tid('status-void'));
      await page.waitForSelector(`${tid('field-error')}[data-field="reason"]`);
      const noReason = await api('set_ticket_status', { id: Number(id), status: 'void', reason: null }, senior);
      isError(noReason, 422, 'invalid', 'void without a reason');
      equal((await page.textContent(`${tid('field-error')}[data-field="reason"]`)).trim(), noReason.body.fields[0].message, 'the core’s message');
      equal(status(id), 'issued', 'still issued');
      await page.fill(tid('status-reason'), 'Dubbel uitgeschreven');
      await page.click(tid('status-void'));
      await page.waitForSelector(`${tid('ticket-status')}[data-status="void"]`);
      equal(
        q(`SELECT status || '|' || reason || '|' || account_id FROM ticket_event WHERE ticket_id = ${id} ORDER BY id DESC LIMIT 1`),
        `void|Dubbel uitgeschreven|${accountId('medewerker')}`,
        'void with the reason, by the senior',
      );
      equal(await page.locator(tid('pay-form')).count(), 0, 'a void ticket is not paid');
      noProblems(only4xx(problems), 'ticket page');
      await page.close();
    });

    await suite.test('serve inspections: vendor page: the vendor’s tickets and controls', async () => {
      const problems = [];
      const senior = (await apiLogin('senior')).token;
      // A vendor with at least two tickets and a control.
      const vendorId = q(
        `SELECT t.vendor_id FROM ticket t WHERE t.vendor_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM control c JOIN daily_permit p ON p.id = c.permit_id WHERE p.vendor_id = t.vendor_id)
          GROUP BY t.vendor_id HAVING count(*) >= 2 ORDER BY t.vendor_id LIMIT 1`,
      );
      assert(vendorId, 'a vendor with tickets and controls');
      const tickets = (await api('tickets', { filter: { ...noFilter, vendorId: Number(vendorId) } }, senior)).body.map((t) => t.number);
      equal([...tickets].sort(), lines(`SELECT number FROM ticket WHERE vendor_id = ${vendorId} ORDER BY number`), 'the core lists the vendor’s tickets');
      const controls = (await api('vendor_controls', { vendorId: Number(vendorId) }, senior)).body;
      const stored = Number(q(`SELECT count(*) FROM control c JOIN daily_permit p ON p.id = c.permit_id WHERE p.vendor_id = ${vendorId}`));
      equal(controls.length, Math.min(stored, 200), 'the core lists the vendor’s controls');
      const page = await login('senior', problems, `#/ondernemers/${vendorId}`);
      await page.waitForSelector(`${tid('vendor-history')} ${tid('vendor-ticket')}`);
      equal(
        await page.$$eval(`${tid('vendor-history')} ${tid('vendor-ticket')}`, (els) => els.map((e) => e.dataset.number)),
        tickets,
        'the vendor’s tickets, newest first',
      );
      await page.waitForSelector(`${tid('vendor-control-history')} ${tid('vendor-control')}`);
      equal(await page.$$eval(`${tid('vendor-control-history')} ${tid('vendor-control')}`, (els) => els.length), controls.length, 'and the controls');
      const differing = controls.filter((c) => c.presence !== c.permitPresence).length;
      equal(await page.$$eval(`${tid('vendor-control')}.differs`, (els) => els.length), differing, 'the ones that differ stand out');
      noProblems(problems, 'vendor page');
      await page.close();
    });

    await suite.test('serve inspections: day view: a permit with a differing control is marked', async () => {
      const problems = [];
      const senior = (await apiLogin('senior')).token;
      const page = await roundPage('senior', problems);
      await drawn(page);
      // A permit of the sample not checked yet: n, Enter.
      const permitId = await page.getAttribute(`${tid('round-row')}[data-controls="0"]`, 'data-permit-id');
      assert(permitId, 'a permit of the sample without a control');
      await page.click(`${tid('round-row')}[data-permit-id="${permitId}"]`);
      await page.waitForFunction((id) => document.activeElement?.dataset?.permitId === id, permitId);
      await page.keyboard.press('n');
      await page.waitForSelector(`${tid('control-diff')}[data-alarming="true"]`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('control-saved'));
      equal(q(`SELECT round || '|' || presence || '|' || account_id FROM control WHERE permit_id = ${permitId}`), `1|niet_aanwezig|${accountId('medewerker')}`, 'stored');
      const invoice = q(`SELECT invoice_number FROM daily_permit WHERE id = ${permitId}`);
      await page.evaluate(() => (location.hash = '#/vergunningen/dagoverzicht'));
      await page.waitForSelector(tid('dv-permit'));
      await page.waitForSelector(`${tid('dv-permit')}[data-invoice="${invoice}"] ${tid('dv-control')}[data-mark="alarming"]`);
      // Every mark is the core's: the day view's latest control of each permit.
      const view = await api('day_view', { marketId: Number(AC), day: MORNING }, senior);
      equal(view.status, 200, 'day_view answers');
      const mark = (c) => (!c ? 'none' : c.alarming ? 'alarming' : c.differs || c.productsDiffer ? 'differs' : 'same');
      const expected = Object.fromEntries(view.body.permits.map((p) => [p.invoiceNumber, mark(p.control)]));
      const shown = Object.fromEntries(
        await page.$$eval(tid('dv-permit'), (els) => els.map((e) => [e.dataset.invoice, e.querySelector('[data-testid="dv-control"]').dataset.mark])),
      );
      equal(shown, expected, 'the marks are the core’s');
      equal(
        Object.values(shown).filter((m) => m !== 'none').length,
        Number(q(`SELECT count(DISTINCT c.permit_id) FROM control c JOIN daily_permit p ON p.id = c.permit_id WHERE p.market_id = ${AC} AND p.day = '${MORNING}'`)),
        'as many marked as permits controlled',
      );
      noProblems(problems, 'day view');
      await page.close();
    });
  }

  // ── Beheer: overtredingen, a senior's back-ups, the audit log ───────────────────────────
  {
    await ownServer('inspections-admin');
    const backups = path.join(path.dirname(db), 'backups');
    const daily = path.join(backups, `marktkantoor-${MORNING}.sqlite`);

    await suite.test('serve inspections: beheer: overtredingen, a new version of a violation from a date', async () => {
      const problems = [];
      const admin = (await apiLogin('admin')).token;
      const page = await login('admin', problems, '#/beheer/overtredingen');
      await page.waitForSelector(tid('violation-row'));
      await noHorizontalScroll(page, 'violations');
      const count = Number(q('SELECT count(*) FROM violation'));
      equal(await page.$$eval(tid('violation-row'), (els) => els.length), count, 'every version');
      const [code, from] = await page.$$eval(tid('violation-row'), (els) => [els[0].dataset.code, els[0].dataset.from]);
      const [description, article, oldCents, warningFirst] = q(`SELECT description, article, amount_cents, warning_first FROM violation WHERE code = '${code}' AND valid_from = '${from}'`).split('|');
      await page.click(`${tid('violation-row')}:first-of-type ${tid('violation-new-version')}`);
      await page.waitForSelector(tid('violation-form'));
      const form = (id) => `${tid('violation-form')} ${tid(id)}`;
      equal(await page.inputValue(form('field-code')), code, 'the form starts from the row');
      equal(await page.inputValue(form('field-description')), description, 'its description');
      // Not an amount: the core's message at the field; nothing stored.
      const input = { code, description, article, amount: '80,5x', warningFirst: warningFirst === '1', validFrom: '2027-01-01', validUntil: null };
      const refused = await api('add_violation', { input }, admin);
      isError(refused, 422, 'invalid', 'an amount that is none');
      await page.fill(form('field-amount'), '80,5x');
      await page.click(form('save'));
      await page.waitForSelector(`${tid('violation-form')} ${tid('field-error')}[data-field="amount"]`);
      equal(
        (await page.textContent(`${tid('violation-form')} ${tid('field-error')}[data-field="amount"]`)).trim(),
        refused.body.fields[0].message,
        'the core’s message',
      );
      equal(Number(q('SELECT count(*) FROM violation')), count, 'nothing stored');
      await page.fill(form('field-amount'), '80,50');
      await page.fill(form('field-validFrom'), '01-01-2027');
      await page.keyboard.press('Tab');
      await page.click(form('save'));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="violation-row"]').length === n + 1, count);
      equal(
        q(`SELECT description || '|' || article || '|' || amount_cents || '|' || warning_first || '|' || coalesce(valid_until, '') FROM violation WHERE code = '${code}' AND valid_from = '2027-01-01'`),
        `${description}|${article}|8050|${warningFirst}|`,
        'the new version from 1 January 2027',
      );
      const row = `${tid('violation-row')}[data-code="${code}"][data-from="2027-01-01"]`;
      assert((await page.textContent(row)).replace(/\s+/g, ' ').includes('€ 80,50'), 'the new amount in Dutch money');
      // The core decides by the version valid on the day.
      const decide = async (day) => (await api('decide_ticket', { vendorId: null, violationCode: code, day }, admin)).body.amountCents;
      equal(await decide('2026-12-31'), Number(oldCents), 'the old amount before');
      equal(await decide('2027-01-01'), 8050, 'the new amount from the day');
      noProblems(only4xx(problems), 'violations');
      await page.close();
    });

    await suite.test('serve inspections: beheer: a senior makes backups but does not restore; no audit log', async () => {
      const problems = [];
      const senior = (await apiLogin('senior')).token;
      // The daily backup of the start-up is written beside the database first.
      await waitFor(() => fs.existsSync(daily), `the daily backup ${daily}`);
      const before = fs.readdirSync(backups).filter((f) => f.endsWith('.sqlite'));
      const page = await login('senior', problems, '#/beheer/backups');
      await page.waitForSelector(tid('backup-list'));
      equal(await page.$$eval(tid('backup-row'), (els) => els.map((e) => e.dataset.file).sort()), [...before].sort(), 'the backups folder');
      equal(await page.$$eval(tid('backup-restore'), (els) => els.length), 0, 'no restore for a senior');
      equal(await page.$$eval(tid('tab-auditlog'), (els) => els.length), 0, 'no audit log tab for a senior');
      await page.click(tid('backup-make'));
      await page.waitForSelector(tid('backup-made'));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="backup-row"]').length === n + 1, before.length);
      const made = fs.readdirSync(backups).filter((f) => f.endsWith('.sqlite') && !before.includes(f));
      equal(made.length, 1, 'one backup file more');
      assert((await page.textContent(tid('backup-made'))).includes(made[0]), 'the page names it');
      equal(q(`SELECT count(*) FROM audit_log WHERE action = 'backup.make' AND account_id = ${accountId('medewerker')}`), '1', 'in the audit log, by the senior');
      // The core refuses what the page does not offer.
      isError(await api('restore_backup', { path: path.join(backups, made[0]) }, senior), 403, 'forbidden', 'restore as senior');
      isError(await api('audit_log', { filter: {}, offset: 0, limit: 10 }, senior), 403, 'forbidden', 'the audit log as senior');
      await page.evaluate(() => (location.hash = '#/beheer/auditlog'));
      await page.waitForSelector(tid('no-access'));
      noProblems(problems, 'senior backups');
      await page.close();
    });

    await suite.test('serve inspections: beheer: the audit log, filtered by account, action and text; before and after', async () => {
      const problems = [];
      const page = await login('admin', problems, '#/beheer/auditlog');
      await page.waitForSelector(tid('audit-list'));
      await noHorizontalScroll(page, 'audit log');
      const total = (page) => page.getAttribute(tid('audit-total'), 'data-total').then(Number);
      const totalIs = (n) => page.waitForFunction((t) => document.querySelector('[data-testid="audit-total"]')?.dataset.total === String(t), n);
      const all = Number(q('SELECT count(*) FROM audit_log'));
      await totalIs(all);
      assert((await total(page)) > 100, 'a month of work');
      equal(await page.$$eval(tid('audit-row'), (els) => els.length), 100, 'a hundred a page');
      equal(
        await page.$$eval(tid('audit-row'), (els) => els.map((e) => e.dataset.id)),
        lines('SELECT id FROM audit_log ORDER BY id DESC LIMIT 100'),
        'newest first',
      );
      // In words (issue 16, item 16): no JSON, no action codes, no bare ids in the visible table.
      const visible = () => page.innerText(tid('audit-list'));
      const noCodes = (text, what) => {
        assert(!/[{}"]/.test(text), `${what}: no JSON in the visible table: ${text.slice(0, 400)}`);
        const code = /\b(permit|vendor|ticket|account|payment|control|stall|market|allocation|registration|attendance|absence|sample|note|day|finance|backup|tariff_plan|tariff_kind|product|vat|violation|branch|row|obstacle|office|substitute|preferences)\.[a-z_]+/;
        assert(!code.test(text), `${what}: no action codes (permit.issue) in the visible table: ${text.match(code)}`);
      };
      noCodes(await visible(), 'the newest hundred');
      // The filter bar in words too: the action and the kind are chosen by their labels (the
      // values stay the core's codes), and no field asks for an internal id.
      const optionTexts = (sel) => page.$$eval(`${sel} option`, (os) => os.map((o) => o.textContent.trim()));
      const filterWords = [...(await optionTexts(tid('audit-action'))), ...(await optionTexts(tid('audit-entity')))].join(' | ');
      assert(!/\b[a-z]+[._][a-z_]+/.test(filterWords), `no codes among the filter's choices: ${filterWords}`);
      equal(await page.locator(`${tid('audit-filters')} input[type="text"]:not([name="from"]):not([name="until"])`).count(), 0, 'no free code or id field');
      equal(await page.locator(tid('audit-entity-id')).count(), 0, 'no Id field');
      // The kind: the stored name behind the Dutch label, so the choice finds what the log holds.
      await page.selectOption(tid('audit-entity'), { label: 'dagvergunning' });
      equal(await page.inputValue(tid('audit-entity')), 'daily_permit', 'dagvergunning is daily_permit');
      await page.click(tid('audit-search'));
      const permitRows = Number(q(`SELECT count(*) FROM audit_log WHERE entity = 'daily_permit'`));
      assert(permitRows > 0 && permitRows < all, `permit rows: ${permitRows} of ${all}`);
      await totalIs(permitRows);
      await page.selectOption(tid('audit-entity'), '');
      // A ticket by its number, in the text: its rows without an id.
      const ticket = q(`SELECT number FROM ticket ORDER BY id LIMIT 1`);
      await page.fill(tid('audit-text'), ticket);
      await page.click(tid('audit-search'));
      const ticketRows = Number(q(`SELECT count(*) FROM audit_log WHERE before LIKE '%${ticket}%' OR after LIKE '%${ticket}%'`));
      assert(ticketRows > 0, `the ticket ${ticket} in the log`);
      await totalIs(ticketRows);
      assert((await page.textContent(`${tid('audit-row')} ${tid('audit-subject')}`)).includes(ticket), 'the ticket by its number');
      await page.fill(tid('audit-text'), '');
      await page.selectOption(tid('audit-action'), { label: 'dagvergunningen: uitgegeven' });
      equal(await page.inputValue(tid('audit-action')), 'permit.issue', 'the label sends the code');
      await page.click(tid('audit-search'));
      await totalIs(Number(q(`SELECT count(*) FROM audit_log WHERE action LIKE 'permit.issue%'`)));
      const issued = await page.$$eval(tid('audit-row'), (els) =>
        els.map((e) => [e.dataset.id, e.querySelector('[data-testid="audit-action-label"]').textContent.trim(), e.querySelector('[data-testid="audit-subject"]').textContent.trim()]),
      );
      assert(issued.length > 0, 'issued permits in the log');
      for (const [rowId, action, subject] of issued.slice(0, 5)) {
        equal(action, 'dagvergunning uitgegeven', `row ${rowId}: the action in Dutch`);
        const number = q(`SELECT coalesce(json_extract(after, '$.permit.invoice_number'), json_extract(after, '$.invoice_number')) FROM audit_log WHERE id = ${rowId}`);
        assert(/^D2026-\d{6}$/.test(number), `row ${rowId}: a permit number: ${number}`);
        equal(subject, `dagvergunning ${number}`, `row ${rowId}: the permit by its number`);
      }
      noCodes(await visible(), 'issued permits');
      await page.selectOption(tid('audit-action'), '');
      // By account.
      const toezicht = accountId('toezicht');
      await page.selectOption(tid('audit-account'), toezicht);
      await page.click(tid('audit-search'));
      const byToezicht = Number(q(`SELECT count(*) FROM audit_log WHERE account_id = ${toezicht}`));
      assert(byToezicht > 0 && byToezicht < all, `some of it by toezicht: ${byToezicht} of ${all}`);
      await totalIs(byToezicht);
      const users = await page.$$eval(tid('audit-row'), (els) => els.map((e) => e.querySelectorAll('[role="gridcell"]')[1].textContent.trim()));
      assert(users.length > 0 && users.every((u) => u === 'toezicht'), `only toezicht: ${users}`);
      // And by action (its start).
      await page.selectOption(tid('audit-action'), { label: 'dagvergunningen: doorgehaald' });
      await page.click(tid('audit-search'));
      const voids = Number(q(`SELECT count(*) FROM audit_log WHERE action LIKE 'permit.void%' AND account_id = ${toezicht}`));
      assert(voids > 0 && voids < byToezicht, `voids by toezicht: ${voids}`);
      await totalIs(voids);
      const actions = await page.$$eval(tid('audit-row'), (els) => els.map((e) => e.dataset.action));
      assert(actions.length > 0 && actions.every((a) => a === 'permit.void'), `only voids: ${actions}`);
      // And text in the record: the invoice number of one voided permit.
      const [reason, invoice] = q(
        `SELECT json_extract(after, '$.voided[0]'), json_extract(after, '$.invoice_number') FROM audit_log WHERE action = 'permit.void' AND account_id = ${toezicht} ORDER BY id LIMIT 1`,
      ).split('|');
      assert(reason && invoice, 'a voided permit');
      await page.fill(tid('audit-text'), invoice);
      await page.click(tid('audit-search'));
      const like = invoice;
      const withText = Number(
        q(`SELECT count(*) FROM audit_log WHERE action LIKE 'permit.void%' AND account_id = ${toezicht} AND (before LIKE '%${like}%' OR after LIKE '%${like}%')`),
      );
      assert(withText > 0 && withText < voids, `voids of ${invoice}: ${withText} of ${voids}`);
      await totalIs(withText);
      // The void in words: the action, the permit by its number, the changed field old → new.
      equal((await page.textContent(`${tid('audit-row')} ${tid('audit-action-label')}`)).trim(), 'dagvergunning doorgehaald', 'the void in Dutch');
      equal((await page.textContent(`${tid('audit-row')} ${tid('audit-subject')}`)).trim(), `dagvergunning ${invoice}`, 'the permit by its number');
      // A row opens by keyboard: each changed field, old → new; the record as stored behind a fold.
      const first = await page.getAttribute(tid('audit-row'), 'data-id');
      await page.locator(tid('audit-row')).first().focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${tid('audit-detail')}[data-id="${first}"] ${tid('audit-changes')}`);
      const voided = await page.$$eval(`${tid('audit-change')}[data-field="doorgehaald"] td`, (els) => els.map((e) => e.textContent.trim()));
      equal(voided[0], '(leeg)', 'not voided before');
      assert(voided[2].startsWith(reason), `voided after, with the reason: ${voided}`);
      noCodes(await visible(), 'an opened void');
      assert(!(await page.isVisible(tid('audit-after'))), 'the record as stored is folded away');
      await page.click(`${tid('audit-raw')} summary`);
      await page.waitForSelector(`${tid('audit-detail')}[data-id="${first}"] ${tid('audit-after')}`);
      const [before, after] = q(`SELECT before, after FROM audit_log WHERE id = ${first}`).split('|');
      equal(JSON.parse(await page.textContent(tid('audit-before'))), JSON.parse(before), 'before, as stored');
      equal(JSON.parse(await page.textContent(tid('audit-after'))), JSON.parse(after), 'after, as stored');
      assert(JSON.parse(after).invoice_number === invoice && JSON.parse(after).voided?.[0] === reason && JSON.parse(before).voided === null, 'the void itself');
      // A date that is none: the field says so, and the core names it.
      await page.fill(tid('audit-from'), '31-02-2026');
      await page.keyboard.press('Tab');
      await page.click(tid('audit-search'));
      await page.waitForSelector(`${tid('audit-filters')} small.bad`);
      await page.waitForSelector(`${tid('audit-filters')} ${tid('field-error')}[data-field="from"]`);
      noProblems(only4xx(problems), 'audit log');
      await page.close();
    });
  }

  // ── Back-ups: made, checked, a damaged one, a restore that ends the session ─────────────
  {
    await ownServer('inspections-backups');
    const backups = path.join(path.dirname(db), 'backups');
    const daily = path.join(backups, `marktkantoor-${MORNING}.sqlite`);

    await suite.test('serve inspections: beheer: back-ups, make and check; a damaged one says so; restore asks first and ends the session', async () => {
      const problems = [];
      await waitFor(() => fs.existsSync(daily), `the daily backup ${daily}`);
      const admin = (await apiLogin('admin')).token;
      // A damaged backup: a copy of the daily one with its header overwritten, older than the rest.
      const damaged = path.join(backups, 'marktkantoor-2026-11-01.sqlite');
      fs.copyFileSync(daily, damaged);
      const fd = fs.openSync(damaged, 'r+');
      fs.writeSync(fd, Buffer.alloc(100, 0x58), 0, 100, 0);
      fs.closeSync(fd);
      const old = new Date('2026-11-01T06:00:00Z');
      fs.utimesSync(damaged, old, old);
      // After the daily backup, a change the restore will undo: a note on the morning.
      const note = 'Notitie van na de back-up';
      equal((await api('add_note', { marketId: Number(AC), day: MORNING, text: note }, admin)).status, 200, 'a note');
      equal(q(`SELECT count(*) FROM note WHERE text = '${note}'`), '1', 'the note is stored');

      const page = await login('admin', problems, '#/beheer/backups');
      await page.waitForSelector(tid('backup-list'));
      await noHorizontalScroll(page, 'backups');
      const files = () => fs.readdirSync(backups).filter((f) => f.endsWith('.sqlite'));
      const before = files();
      equal(await page.$$eval(tid('backup-row'), (els) => els.map((e) => e.dataset.file).sort()), [...before].sort(), 'the backups folder');
      await page.click(tid('backup-make'));
      await page.waitForSelector(tid('backup-made'));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="backup-row"]').length === n + 1, before.length);
      const [made] = files().filter((f) => !before.includes(f));
      assert(made, 'a backup file more');
      equal(await page.getAttribute(`${tid('backup-row')}:first-of-type`, 'data-file'), made, 'the newest first');
      // Checked: the core's check of the file, its permits as the file has them.
      await page.click(`${tid('backup-row')}:first-of-type ${tid('backup-check-button')}`);
      await page.waitForSelector(`${tid('backup-row')}:first-of-type ${tid('backup-check')} [data-ok="true"]`);
      const permitsIn = (file) => sql(file, 'SELECT count(*) FROM daily_permit');
      const checked = await api('check_backup', { path: path.join(backups, made) }, admin);
      equal(checked.status, 200, 'check_backup answers');
      equal(checked.body.permits, Number(permitsIn(path.join(backups, made))), 'the permits in the file');
      const text = (await page.textContent(`${tid('backup-row')}:first-of-type ${tid('backup-check')}`)).replace(/\s+/g, ' ');
      assert(shows(text, checked.body.permits) && text.includes(dutchDate(checked.body.lastDay)), `the check shows the permits and the last day: ${text}`);
      // The damaged one (the oldest, last): the core's message.
      const bad = `${tid('backup-row')}[data-file="marktkantoor-2026-11-01.sqlite"]`;
      equal(await page.getAttribute(`${tid('backup-row')}:last-of-type`, 'data-file'), 'marktkantoor-2026-11-01.sqlite', 'the oldest last');
      const refused = await api('check_backup', { path: damaged }, admin);
      assert(refused.status >= 400 && refused.status < 500, `the check refuses it: ${JSON.stringify(refused)}`);
      await page.click(`${bad} ${tid('backup-check-button')}`);
      await page.waitForSelector(`${bad} ${tid('backup-check')} [data-ok="false"]`);
      assert((await page.textContent(`${bad} ${tid('backup-check')}`)).includes(refused.body.message), 'the core’s message');
      // Restore the daily one: asked first, then the session ends and the login says what happened.
      const row = `${tid('backup-row')}[data-file="marktkantoor-${MORNING}.sqlite"]`;
      await page.click(`${row} ${tid('backup-restore')}`);
      await page.waitForSelector(tid('restore-dialog'));
      equal(q(`SELECT count(*) FROM note WHERE text = '${note}'`), '1', 'nothing restored before the confirmation');
      const dailyPermits = Number(permitsIn(daily));
      let restoring = null;
      page.on('request', (r) => {
        if (r.url().endsWith('/api/restore_backup')) restoring = (r.headers().authorization ?? '').replace(/^Bearer /, '');
      });
      await page.click(tid('restore-confirm'));
      await page.waitForSelector(tid('login-notice'));
      const notice = await page.textContent(tid('login-notice'));
      assert(/teruggezet/.test(notice), `the login says what happened: ${notice}`);
      assert(notice.includes(`marktkantoor-${MORNING}.sqlite`) && shows(notice, dailyPermits), `the file and its permits: ${notice}`);
      // The database is the backup's: the note is gone; a safety copy of what was; the restore logged.
      equal(q(`SELECT count(*) FROM note WHERE text = '${note}'`), '0', 'the change after the backup is undone');
      const safety = files().filter((f) => f.startsWith('voor-herstel-'));
      equal(safety.length, 1, 'a safety copy of the database as it was');
      equal(sql(path.join(backups, safety[0]), `SELECT count(*) FROM note WHERE text = '${note}'`), '1', 'the safety copy has the note');
      const logged = JSON.parse(q("SELECT after FROM audit_log WHERE action = 'backup.restore' ORDER BY id DESC LIMIT 1"));
      equal([logged.by, path.basename(logged.from)], ['beheer', `marktkantoor-${MORNING}.sqlite`], 'the restore in the audit log');
      // The session that restored is over: its token (as the page sent it) is refused.
      assert(restoring, 'the page’s token on the restore');
      equal((await api('session', {}, restoring)).body, null, 'no session for the page’s token');
      const after = await api('list_markets', {}, restoring);
      assert(['not_logged_in', 'session_expired'].includes(after.body?.code), `the token after the restore: ${JSON.stringify(after.body)}`);
      isError(after, 401, after.body.code, 'the page’s token after the restore');
      // Logging in again works, against the restored file's accounts.
      await page.fill(tid('login-username'), 'beheer');
      await page.fill(tid('login-password'), 'beheer-2026');
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('user-menu'));
      noProblems(only4xx(problems), 'backups');
      await page.close();
    });
  }

  async function waitFor(cond, what, ms = 60000) {
    const until = Date.now() + ms;
    while (!cond()) {
      assert(Date.now() < until, `waited for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

}
