// The street screens by touch (issue 17, item 3), on the REAL core (called from serve.mjs):
// Controleronde, Bon schrijven, Uitgifte, Dagoverzicht and the vendor page, on a tablet
// upright (768×1024) and a phone (390×844), in a browser context that is a touch device
// (`hasTouch`, `isMobile`: the pointer is coarse, the page is laid out at the device's width).
// Every main action is a tap; every screen is checked for what a supervisor in the street
// would trip over: a page that scrolls sideways, a button smaller than a finger (40×40 CSS px),
// the thing just done out of view; and what was done is checked in the database.
//
// Each size runs on a server of its own, a fresh copy of the demo city, whose Saturday
// morning gets its permits at the Albert Cuyp (AC) through the API first (as the counter
// issues them), so the control round has a sample to draw and the day view rows to show.
//
// ctx: see serve.mjs.
import path from 'node:path';
import { newPage } from './harness.mjs';

const SIZES = [
  { name: '768', width: 768, height: 1024 },
  { name: '390', width: 390, height: 844 },
];
/** The smallest a finger can hit well (WCAG 2.5.5 asks 44; the brief asks at least 40). */
const FINGER = 40;

export async function serveTouchFlows({ suite, startServer, api, apiLogin, sql, tid, assert, equal, noProblems, accessible, browser, root, AC, MORNING, ACCOUNTS }) {
  let db = null;
  let base = null;
  const q = (query) => sql(db, query);
  const lines = (query) => q(query).split('\n').filter(Boolean);
  const shot = (file) => path.join(root, 'docs/screenshots', file);
  /** The browser's own line for an error answer (4xx) a flow may meet on the way. */
  const only4xx = (problems) => problems.filter((p) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(p));

  /** Fixed holders of AC with products and a stall, not enforced, and no permit on the morning. */
  const holders = (limit, offset = 0) =>
    lines(
      `SELECT v.id || '|' || v.registration_number FROM vendor v
         JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${AC}
        WHERE v.status = 'actief' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND r.status <> 'soll'
          AND EXISTS (SELECT 1 FROM registration_product rp WHERE rp.registration_id = r.id)
          AND EXISTS (SELECT 1 FROM registration_stall rs WHERE rs.registration_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY r.list_number LIMIT ${limit} OFFSET ${offset}`,
    ).map((l) => {
      const [id, number] = l.split('|');
      return { id: Number(id), number };
    });

  /** Twelve permits on the morning at AC through the API, every other one a partner at the stall. */
  async function issueMorningPermits(token) {
    const issued = [];
    for (const [i, v] of holders(12).entries()) {
      const counter = await api('open_counter', { marketId: Number(AC), day: MORNING, vendorId: v.id }, token);
      equal(counter.status, 200, `open_counter for vendor ${v.id}`);
      const c = counter.body;
      const form = {
        marketId: Number(AC),
        day: MORNING,
        vendorId: v.id,
        presence: i % 2 === 0 ? 'zelf' : 'partner',
        substituteId: null,
        identifiedBy: 'getypt',
        requested: c.requested,
        stalls: c.registration?.stallNumbers ?? c.allocated,
        note: '',
        payment: 'pin',
        overrideReason: c.warnings.some((w) => w.needsReason) ? 'touch test' : null,
      };
      const answer = await api('issue_permit', { form }, token);
      equal(answer.status, 200, `issue_permit for vendor ${v.id}: ${JSON.stringify(answer.body)}`);
      issued.push(answer.body.id);
    }
    equal(q(`SELECT count(*) FROM daily_permit WHERE market_id = ${AC} AND day = '${MORNING}'`), '12', 'twelve permits on the morning');
    return issued;
  }

  // ── What is checked on every screen ───────────────────────────────────────────────────────

  /** Nothing scrolls sideways: not the page, not the screen's own scrolling area (main); and
   *  the page as a whole never scrolls at all (the screen scrolls under the bar on top). */
  async function fits(page, what) {
    const m = await page.evaluate(() => {
      const main = document.querySelector('main');
      const doc = document.documentElement;
      return { width: doc.scrollWidth, height: doc.scrollHeight, inner: [innerWidth, innerHeight], main: main?.scrollWidth ?? 0, mainBox: main?.clientWidth ?? 0 };
    });
    assert(m.width <= m.inner[0], `${what}: the page scrolls sideways (${m.width} > ${m.inner[0]})`);
    assert(m.main <= m.mainBox, `${what}: the screen scrolls sideways (${m.main} > ${m.mainBox})`);
    assert(m.height <= m.inner[1], `${what}: the page itself scrolls, the bar on top with it (${m.height} > ${m.inner[1]})`);
  }

  /** The element is at least a finger big (40×40 CSS px). */
  async function fingerSized(page, selector, what) {
    const box = await page.locator(selector).first().boundingBox();
    assert(box, `${what}: ${selector} is on the screen`);
    assert(box.width >= FINGER && box.height >= FINGER, `${what}: ${selector} is ${Math.round(box.width)}×${Math.round(box.height)}, smaller than ${FINGER}×${FINGER}`);
  }

  /** The element, scrolled to if need be, lies whole inside the viewport (no part of it cut off). */
  async function inView(page, selector, what) {
    const el = page.locator(selector).first();
    await el.scrollIntoViewIfNeeded();
    const box = await el.boundingBox();
    const [w, h] = await page.evaluate(() => [innerWidth, innerHeight]);
    assert(box, `${what}: ${selector} is on the screen`);
    assert(
      box.x >= 0 && box.y >= 0 && box.x + box.width <= w + 0.5 && box.y + box.height <= h + 0.5,
      `${what}: ${selector} lies outside the viewport (${JSON.stringify(box)} in ${w}×${h})`,
    );
  }

  /** Its whole text is shown: not cut with an ellipsis or hidden by its box. */
  async function notCut(page, selector, what) {
    const cut = await page.$$eval(selector, (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.trim()));
    equal(cut, [], `${what}: ${selector} shows its whole text`);
  }

  /** The main area back at its top, for a screenshot of the screen as it opens. */
  const toTop = (page) => page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));

  for (const size of SIZES) {
    const at = `${size.width}×${size.height}`;
    ({ db, base } = await startServer(`touch-${size.name}`));
    const supervisor = (await apiLogin('supervisor')).token;
    const permits = await issueMorningPermits(supervisor);
    // A touch device of this size: a coarse pointer, the layout viewport at the device's width.
    const device = await browser.browser().newContext({
      viewport: { width: size.width, height: size.height },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 1,
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });

    /** Logged in by taps; the screen at `hash` once the bar on top is there. */
    async function touchLogin(problems, hash, role = 'supervisor') {
      const page = await newPage(device, problems);
      page.setDefaultTimeout(10000);
      await page.goto(`${base}/`);
      const [user, password] = ACCOUNTS[role];
      await page.tap(tid('login-username'));
      await page.keyboard.type(user);
      await page.tap(tid('login-password'));
      await page.keyboard.type(password);
      await fingerSized(page, tid('login-submit'), 'the login button');
      await page.tap(tid('login-submit'));
      await page.waitForSelector(tid('menu-toggle'));
      equal(await page.evaluate(() => [innerWidth, matchMedia('(pointer: coarse)').matches]), [size.width, true], 'a touch device at its own width');
      if (hash) await page.evaluate((h) => (location.hash = h), hash);
      return page;
    }

    try {
      await suite.test(`serve touch ${at}: the navigation folds into a menu a finger opens`, async () => {
        const problems = [];
        const page = await touchLogin(problems, '');
        await fits(page, 'Vandaag');
        await fingerSized(page, tid('menu-toggle'), 'the menu button');
        assert(!(await page.isVisible(tid('nav-vandaag'))), 'the sections are folded away');
        await page.tap(tid('menu-toggle'));
        equal(await page.getAttribute(tid('menu-toggle'), 'aria-expanded'), 'true', 'the menu says it is open');
        const sections = await page.$$eval('[data-testid^="nav-"]', (els) => els.map((e) => e.dataset.testid));
        for (const s of [...sections, 'logout']) {
          await fingerSized(page, tid(s), 'a section in the menu');
          await inView(page, tid(s), 'a section in the menu');
        }
        await fits(page, 'the open menu');
        await accessible(page, `the open menu at ${at}`);
        if (size.name === '390') await page.screenshot({ path: shot('36-touch-menu-390.png') });
        // A section tapped: it opens, the menu folds, the bar names it.
        await page.tap(tid('nav-vergunningen'));
        await page.waitForSelector(tid('permits-market'));
        equal(await page.getAttribute(tid('menu-toggle'), 'aria-expanded'), 'false', 'the menu folds after a choice');
        assert(!(await page.isVisible(tid('nav-vandaag'))), 'the sections are folded away again');
        // A tap beside the open menu (on the screen under it) folds it too.
        await page.tap(tid('menu-toggle'));
        await page.waitForSelector(tid('nav-vandaag'));
        await page.touchscreen.tap(size.width / 2, size.height - 10);
        await page.waitForSelector(tid('nav-vandaag'), { state: 'hidden' });
        equal(await page.getAttribute(tid('menu-toggle'), 'aria-expanded'), 'false', 'the menu folds after a tap beside it');
        noProblems(problems, 'menu');
        await page.close();
      });

      await suite.test(`serve touch ${at}: Controleronde: the sample drawn and a control recorded by taps`, async () => {
        const problems = [];
        const page = await touchLogin(problems, '#/controles/ronde');
        await page.waitForSelector(`${tid('insp-market')} option`, { state: 'attached' });
        equal(await page.inputValue(tid('insp-market')), AC, 'AC, held today, is chosen');
        await page.waitForSelector(tid('draw-sample'));
        await fits(page, 'the round before the draw');
        await fingerSized(page, tid('draw-sample'), 'Steekproef trekken');
        await page.tap(tid('draw-sample'));
        await page.waitForSelector(`${tid('round-row')}[aria-selected="true"]`);
        const drawn = lines(`SELECT m.permit_id FROM control_sample s JOIN control_sample_member m ON m.sample_id = s.id
                              WHERE s.market_id = ${AC} AND s.day = '${MORNING}'`);
        assert(drawn.length > 0, 'the sample is stored');
        equal(await page.locator(tid('round-row')).count(), drawn.length, 'a row for each permit drawn');
        await fits(page, 'the round');
        // The second row, tapped: chosen, its editor right there.
        const row = page.locator(tid('round-row')).nth(1);
        const permitId = await row.getAttribute('data-permit-id');
        await fingerSized(page, `${tid('round-row')}[data-permit-id="${permitId}"]`, 'a row of the round');
        await row.tap();
        await page.waitForSelector(`${tid('round-row')}[data-permit-id="${permitId}"][aria-selected="true"]`);
        await page.waitForSelector(`${tid('control-form')}[data-round="1"]`);
        // Who stood there: a tap on "partner"; saved with a tap.
        const partner = `${tid('control-presence')}[data-presence="partner"]`;
        await fingerSized(page, partner, 'a presence');
        await page.tap(partner);
        equal(await page.getAttribute(partner, 'aria-checked'), 'true', 'partner is chosen');
        await fingerSized(page, tid('control-save'), 'Ronde 1 opslaan');
        await page.tap(tid('control-save'));
        await page.waitForSelector(tid('control-saved'));
        equal(q(`SELECT round || '|' || presence FROM control WHERE permit_id = ${permitId}`), '1|partner', 'the control is stored');
        equal(await page.getAttribute(`${tid('round-row')}[data-permit-id="${permitId}"]`, 'data-controls'), '1', 'the row counts it');
        await inView(page, tid('control-saved'), 'what was saved');
        await fits(page, 'the round after a control');
        await accessible(page, `the round at ${at}`);
        // The list's top at the top of the screen: the rows, and the editor under them.
        await page.evaluate(() => document.querySelector('[data-testid="round-list"]')?.closest('section')?.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: shot(`31-touch-ronde-${size.name}.png`) });
        noProblems(problems, 'round');
        await page.close();
      });

      await suite.test(`serve touch ${at}: Bon schrijven: a ticket filled and saved by taps and typing`, async () => {
        const problems = [];
        // An active vendor without any ticket: the first V02 is a fine at once.
        const [vendorId, number] = q(
          `SELECT v.id || '|' || v.registration_number FROM vendor v
            WHERE v.status = 'actief' AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.vendor_id = v.id)
            ORDER BY v.id LIMIT 1 OFFSET 7`,
        ).split('|');
        const v02 = q("SELECT amount_cents FROM violation WHERE code = 'V02'");
        const page = await touchLogin(problems, '#/controles/bon');
        await page.waitForSelector(tid('ticket-form'));
        await fits(page, 'the ticket form');
        // The number typed, then "Zoeken" tapped (there is no Enter key to press).
        await page.tap(tid('ticket-vendor'));
        await page.keyboard.type(number);
        await fingerSized(page, tid('ticket-vendor-find'), 'Zoeken');
        await page.tap(tid('ticket-vendor-find'));
        await page.waitForSelector(`${tid('ticket-vendor-chosen')}[data-vendor-id="${vendorId}"]`);
        await page.selectOption(tid('field-violationCode'), 'V02');
        await page.waitForSelector(`${tid('ticket-decision')}[data-decision="boete"][data-cents="${v02}"]`);
        await page.tap(tid('field-stall'));
        await page.keyboard.type('14');
        await page.tap(tid('field-note'));
        await page.keyboard.type('Kraam buiten de lijnen, met de hand');
        for (const field of ['field-marketId', 'field-day', 'field-time', 'field-stall', 'field-violationCode']) {
          await fingerSized(page, tid(field), field);
        }
        // No field's text under 16 px: a phone's browser would zoom in on it.
        const small = await page.$$eval('main input:not([type="checkbox"]), main select, main textarea', (els) =>
          els.filter((e) => parseFloat(getComputedStyle(e).fontSize) < 16).map((e) => e.dataset.testid ?? e.id),
        );
        equal(small, [], 'every field’s text is at least 16 px');
        await fits(page, 'the ticket form filled in');
        await inView(page, tid('ticket-decision'), 'the decision');
        await toTop(page);
        await page.screenshot({ path: shot(`32-touch-bon-${size.name}.png`) });
        await fingerSized(page, tid('ticket-save'), 'Bon opslaan');
        await page.tap(tid('ticket-save'));
        await page.waitForSelector(tid('ticket-page'));
        const ticket = await page.getAttribute(tid('ticket-page'), 'data-number');
        equal(
          q(`SELECT t.vendor_id || '|' || vi.code || '|' || t.decision || '|' || t.amount_cents || '|' || t.stall || '|' || t.note || '|' || t.day
               FROM ticket t JOIN violation vi ON vi.id = t.violation_id WHERE t.number = '${ticket}'`),
          `${vendorId}|V02|boete|${v02}|14|Kraam buiten de lijnen, met de hand|${MORNING}`,
          'the ticket is stored as filled in',
        );
        await fits(page, 'the ticket just saved');
        noProblems(problems, 'ticket form');
        await page.close();
      });

      await suite.test(`serve touch ${at}: Uitgifte: a vendor looked up, the quote seen and a permit issued by taps`, async () => {
        const problems = [];
        const [v] = holders(1);
        assert(v, 'a fixed holder of AC without a permit on the morning');
        const page = await touchLogin(problems, '#/vergunningen/uitgifte');
        await page.waitForSelector(tid('counter-vendor'));
        equal(await page.inputValue(tid('permits-market')), AC, 'AC is chosen');
        await fits(page, 'the counter, idle');
        assert(await page.isVisible(tid('counter-touch-hint')), 'the counter says what to tap');
        assert(!(await page.isVisible(tid('counter-idle'))), 'not which keys to press');
        await page.tap(tid('counter-vendor'));
        await page.keyboard.type(v.number);
        await fingerSized(page, tid('counter-find'), 'Zoeken');
        await page.tap(tid('counter-find'));
        await page.waitForSelector(`${tid('counter-form')}[data-vendor-id="${v.id}"]`);
        await page.waitForSelector(tid('counter-total'));
        // Cash, tapped; the quote follows the form.
        const cash = `${tid('counter-method')}[data-method="contant"]`;
        await fingerSized(page, cash, 'contant');
        await page.tap(cash);
        equal(await page.getAttribute(cash, 'aria-checked'), 'true', 'cash is chosen');
        for (const b of ['counter-clear', 'counter-save']) await fingerSized(page, tid(b), b);
        const steppers = await page.$$eval(`${tid('counter-form')} .product button`, (els) => els.map((e) => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]));
        assert(steppers.length > 0 && steppers.every(([w, h]) => w >= FINGER && h >= FINGER), `− and + a finger big: ${JSON.stringify(steppers)}`);
        await fits(page, 'the counter with a vendor');
        await inView(page, tid('counter-total'), 'the total');
        const cents = Number(await page.getAttribute(tid('counter-total'), 'data-cents'));
        assert(cents > 0, `a total: ${cents}`);
        await toTop(page);
        await page.screenshot({ path: shot(`33-touch-uitgifte-${size.name}.png`) });
        await page.tap(tid('counter-save'));
        await page.waitForSelector(tid('issued'));
        const invoice = await page.getAttribute(tid('issued'), 'data-invoice');
        equal(
          q(`SELECT p.vendor_id || '|' || p.market_id || '|' || p.day || '|' || pay.method || '|' || pay.amount_cents
               FROM daily_permit p JOIN payment pay ON pay.permit_id = p.id WHERE p.invoice_number = '${invoice}'`),
          `${v.id}|${AC}|${MORNING}|contant|${cents}`,
          'the permit and its cash payment are stored',
        );
        await inView(page, tid('issued'), 'the permit just issued');
        await fingerSized(page, tid('issued-receipt'), 'Bon afdrukken');
        await fits(page, 'the counter after issuing');
        await accessible(page, `the counter at ${at}`);
        noProblems(problems, 'counter');
        await page.close();
      });

      await suite.test(`serve touch ${at}: Dagoverzicht: every permit a card, whole, and a permit's receipt opened by a tap`, async () => {
        const problems = [];
        const page = await touchLogin(problems, '#/vergunningen/dagoverzicht');
        await page.waitForSelector(tid('dv-permit'));
        const count = Number(q(`SELECT count(*) FROM daily_permit WHERE market_id = ${AC} AND day = '${MORNING}'`));
        assert(count >= permits.length, `the morning’s permits: ${count}`);
        equal(await page.locator(tid('dv-permit')).count(), count, 'a row for every permit of the morning');
        await fits(page, 'the day view');
        // A permit: its number, vendor and amount whole, inside the screen.
        const [invoice, permitId] = q(`SELECT invoice_number || '|' || id FROM daily_permit WHERE market_id = ${AC} AND day = '${MORNING}' ORDER BY id LIMIT 1`).split('|');
        const row = `${tid('dv-permit')}[data-invoice="${invoice}"]`;
        await inView(page, row, 'a permit of the day');
        await notCut(page, `${row} > [role="cell"]`, 'a permit’s cells');
        const name = q(`SELECT v.surname FROM daily_permit p JOIN vendor v ON v.id = p.vendor_id WHERE p.id = ${permitId}`);
        assert((await page.innerText(row)).includes(name), `the card shows the vendor ${name}`);
        // Its receipt, tapped: the server's PDF opens in a tab of its own.
        const receipt = `${row} ${tid('dv-receipt')}`;
        await fingerSized(page, receipt, 'Bon');
        let served = null;
        await page.route('**/api/file', async (route) => {
          const response = await route.fetch();
          served = { status: response.status(), type: response.headers()['content-type'], body: await response.body() };
          await route.fulfill({ response });
        });
        const tab = device.waitForEvent('page');
        await page.tap(receipt);
        const opened = await tab;
        await page.unroute('**/api/file');
        assert(served, 'the page fetched the receipt from the server');
        equal([served.status, served.type, served.body.subarray(0, 5).toString('latin1')], [200, 'application/pdf', '%PDF-'], 'the receipt is the server’s PDF');
        await opened.close();
        await accessible(page, `the day view at ${at}`);
        await inView(page, row, 'the permit whose receipt was opened');
        await page.screenshot({ path: shot(`34-touch-dagoverzicht-${size.name}.png`) });
        noProblems(problems, 'day view');
        await page.close();
      });

      await suite.test(`serve touch ${at}: the vendor page shows the vendor's tickets, and one opens by a tap`, async () => {
        const problems = [];
        // The vendor with the most tickets in the demo's history.
        const vendorId = q('SELECT vendor_id FROM ticket WHERE vendor_id IS NOT NULL GROUP BY vendor_id ORDER BY count(*) DESC, vendor_id LIMIT 1');
        const theirs = lines(`SELECT number FROM ticket WHERE vendor_id = ${vendorId} ORDER BY number DESC`);
        assert(theirs.length > 1, `a vendor with tickets: ${theirs.length}`);
        const page = await touchLogin(problems, `#/ondernemers/${vendorId}`);
        await page.waitForSelector(tid('vendor-tickets'));
        await page.waitForSelector(tid('vendor-permits'));
        equal((await page.$$eval(tid('vendor-ticket'), (els) => els.map((e) => e.dataset.number))).sort(), [...theirs].sort(), 'every ticket of the vendor');
        await fits(page, 'the vendor page');
        const first = `${tid('vendor-ticket')}[data-number="${theirs[0]}"] a`;
        await inView(page, first, 'the newest ticket');
        await fingerSized(page, first, 'a ticket’s number');
        await page.evaluate(() => document.querySelector('[data-testid="vendor-history"]')?.scrollIntoView({ block: 'start' }));
        await fits(page, 'the vendor page at its tickets');
        await page.screenshot({ path: shot(`35-touch-ondernemer-${size.name}.png`) });
        await accessible(page, `the vendor page at ${at}`);
        await page.tap(first);
        await page.waitForSelector(`${tid('ticket-page')}[data-number="${theirs[0]}"]`);
        await fits(page, 'a ticket from the vendor page');
        noProblems(only4xx(problems), 'vendor page');
        await page.close();
      });
    } finally {
      await device.close();
    }
  }
}
