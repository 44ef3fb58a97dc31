// The date-field flows on the REAL core (called from serve.mjs): a date typed into every
// date field (DateField) of the UI by keyboard, key by key as a clerk does. The regression
// they guard: the clerk selected the day of Vergunningen, typed "07-12-2026" and Tab; the
// field took "07-1" as 7 January while typing, the counter re-rendered and took the focus,
// and "2-2026" landed in the next field. A DateField takes the date only when the clerk is
// done (Tab, Enter, a click elsewhere). For each field: the typed date stays as typed, no
// other field gets any of the keys, and where the field drives the screen, the screen moves
// to the day only after Tab or Enter, and then shows the core's data of that day: the page's
// own request for it (recorded) is asked of the core again through the API, and what the page
// shows is compared with that answer, or with the database (sqlite3).
//
// The server's clock is Saturday 28-11-2026; the days typed are other days, so a change shows;
// where data of a day is compared, the day is one of the demo's history (found by SQL).
//
// ctx: { suite, startServer(name) → {db, base}, login(role, problems, hash), api, apiLogin,
//        sql(db, q), tid, assert, equal, noProblems, AC, MORNING, DEMO_TODAY }

/** Text inputs a typed key could land in (the date fields among them). */
const TEXT_INPUTS =
  'input:not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([type="hidden"]):not([type="button"]):not([type="submit"]):not([type="reset"]), textarea';

const WEEKDAYS = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
/** `2026-12-07` → `07-12-2026`. */
const dutch = (iso) => iso.split('-').reverse().join('-');
/** `2026-12-07` → `ma 07-12-2026`, as the screens name a day. */
const dayName = (iso) => `${WEEKDAYS[new Date(`${iso}T12:00:00Z`).getUTCDay()]} ${dutch(iso)}`;
function addDays(iso, n) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export async function serveDateFlows({ suite, startServer, login, api, apiLogin, sql, tid, assert, equal, noProblems, AC, MORNING, DEMO_TODAY, ACCOUNTS }) {
  let db = null;
  const q = (query) => sql(db, query);

  /** Records the bodies of the page's own API requests, by command. */
  function recordRequests(page) {
    const asked = {};
    page.on('request', (r) => {
      const m = /\/api\/([a-z_]+)$/.exec(r.url());
      if (m && r.method() === 'POST') (asked[m[1]] ??= []).push(JSON.parse(r.postData() || '{}'));
    });
    return asked;
  }
  /** The page's last request of `command` satisfying `ok`, once it has made one. */
  async function lastAsked(page, asked, command, ok, what) {
    for (let i = 0; i < 200; i++) {
      const found = (asked[command] ?? []).filter(ok);
      if (found.length) return found[found.length - 1];
      await page.waitForTimeout(50);
    }
    throw new Error(`${what}: the page never asked ${command} for it (asked: ${JSON.stringify(asked[command] ?? [])})`);
  }
  /** The core's answer to the page's request, as any client gets it. */
  async function core(command, args, token, what) {
    const answer = await api(command, args, token);
    equal(answer.status, 200, `${what}: ${command} answers (${JSON.stringify(answer.body).slice(0, 200)})`);
    return answer.body;
  }

  /**
   * Marks every other text input on the page with its value, so that after typing an input
   * that kept its element can be compared, and one the screen made anew is recognised.
   */
  async function stampOthers(page, sel) {
    return page.evaluate(
      ({ sel, inputs }) => {
        const target = document.querySelector(sel);
        let n = 0;
        for (const el of document.querySelectorAll(inputs)) {
          if (el === target) continue;
          el.__dateFlowValue = el.value;
          n++;
        }
        return n;
      },
      { sel, inputs: TEXT_INPUTS },
    );
  }

  /**
   * What went wrong in the other inputs: one kept from before whose value changed, or one the
   * screen made anew holding a piece of the typed text (the rest of the typing, as in the bug).
   */
  async function othersChanged(page, sel, typed) {
    const tails = [];
    for (let k = 0; k <= typed.length - 2; k++) tails.push(typed.slice(k));
    return page.evaluate(
      ({ sel, inputs, tails }) => {
        const target = document.querySelector(sel);
        const name = (el) =>
          el.dataset.testid ?? el.getAttribute('name') ?? el.id ?? el.getAttribute('aria-label') ?? el.outerHTML.slice(0, 80);
        const bad = [];
        for (const el of document.querySelectorAll(inputs)) {
          if (el === target) continue;
          if ('__dateFlowValue' in el) {
            if (el.value !== el.__dateFlowValue) bad.push(`${name(el)}: ${JSON.stringify(el.__dateFlowValue)} → ${JSON.stringify(el.value)}`);
          } else if (tails.some((t) => el.value.includes(t))) {
            bad.push(`${name(el)} (made anew): ${JSON.stringify(el.value)}`);
          }
        }
        return bad;
      },
      { sel, inputs: TEXT_INPUTS, tails },
    );
  }

  /**
   * Clicks the date field `sel`, selects all, types `typed` key by key and ends with `key`
   * (Tab or Enter). Checks that the focus stays in the field and the text stays as typed
   * while typing, calls `whileTyping` before the final key (the screen has not moved yet),
   * then that the field shows `expected` (dd-mm-jjjj), is not marked invalid, and that no
   * other input got any of the keys. `after` waits for the screen to show the day.
   */
  async function typeDate(page, sel, typed, { field, expected = typed, key = 'Tab', whileTyping, after } = {}) {
    equal(await page.locator(sel).count(), 1, `${field}: exactly one field`);
    await page.click(sel);
    await page.keyboard.press('Control+a');
    const others = await stampOthers(page, sel);
    await page.keyboard.type(typed, { delay: 40 });
    const focus = await page.evaluate((s) => {
      const el = document.activeElement;
      return { here: el === document.querySelector(s), on: el?.dataset?.testid ?? el?.getAttribute('name') ?? el?.tagName ?? '' };
    }, sel);
    if (!focus.here) {
      const landed = await othersChanged(page, sel, typed);
      assert(false, `${field}: the focus left the field while typing "${typed}" (now on ${focus.on}; other inputs: ${JSON.stringify(landed)})`);
    }
    equal(await page.inputValue(sel), typed, `${field}: the text stays as typed until the clerk is done`);
    if (whileTyping) await whileTyping();
    await page.keyboard.press(key);
    if (after) await after();
    await page
      .waitForFunction(({ s, v }) => document.querySelector(s)?.value === v, { s: sel, v: expected }, { timeout: 4000 })
      .catch(() => {});
    equal(await page.inputValue(sel), expected, `${field}: after "${typed}" and ${key} the field shows`);
    equal(await page.getAttribute(sel, 'aria-invalid'), 'false', `${field}: "${typed}" is a date, not marked invalid`);
    const bad = await othersChanged(page, sel, typed);
    equal(bad, [], `${field}: no other input (of ${others}) received the typed keys`);
  }

  /** An impossible date: marked invalid after Tab, the text kept, the screen's day unchanged. */
  async function typeImpossible(page, sel, { field, unchanged }) {
    await page.click(sel);
    await page.keyboard.press('Control+a');
    const others = await stampOthers(page, sel);
    await page.keyboard.type('31-02-2026', { delay: 40 });
    await page.keyboard.press('Tab');
    await page.waitForSelector(`${sel}[aria-invalid="true"]`);
    equal(await page.inputValue(sel), '31-02-2026', `${field}: the impossible date stays for the clerk to correct`);
    const said = await page.evaluate((s) => document.querySelector(s).closest('.field')?.querySelector('small.bad')?.textContent ?? '', sel);
    assert(said.trim().length > 0, `${field}: the field says it is not a date`);
    equal(await othersChanged(page, sel, '31-02-2026'), [], `${field}: no other input (of ${others}) received the keys of 31-02-2026`);
    await unchanged();
  }

  /** Days of the demo's history with permits at AC, newest first, not the demo's last day. */
  const acDays = () =>
    q(`SELECT DISTINCT day FROM daily_permit WHERE market_id = ${AC} AND day < '${DEMO_TODAY}' ORDER BY day DESC LIMIT 10`).split('\n');

  ({ db } = await startServer('dates'));

  // ── Vergunningen ─────────────────────────────────────────────────────────────────────
  await suite.test('serve dates: Vergunningen day by keyboard, the counter keeps its hands off; an impossible day', async () => {
    const problems = [];
    const { token } = await apiLogin('supervisor');
    const [dayA, , dayB] = acDays();
    const page = await login('supervisor', problems, '#/vergunningen/uitgifte');
    const asked = recordRequests(page);
    await page.waitForSelector(tid('counter-vendor'));
    equal(await page.inputValue(tid('permits-market')), AC, 'AC is chosen');
    // The counter puts the focus in its vendor field when it opens; wait for that first.
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    equal(await page.inputValue(tid('permits-day')), dutch(MORNING), 'Vergunningen day: the server’s today at first');
    assert((await page.textContent(tid('permits-when'))).includes(dayName(MORNING)), 'permits-when: today at first');

    /** The counter's list of the day is the core's day view of AC that day, and the database's. */
    async function permitsOf(day) {
      const request = await lastAsked(page, asked, 'day_view', (a) => a.day === day, `the permits of ${day}`);
      equal(request.marketId, Number(AC), `day_view of ${day}: AC`);
      const view = await core('day_view', request, token, `the permits of ${day}`);
      const invoices = view.permits.map((p) => p.invoiceNumber).sort();
      equal(invoices, q(`SELECT invoice_number FROM daily_permit WHERE market_id = ${AC} AND day = '${day}' ORDER BY invoice_number`).split('\n'), `the core’s permits of ${day} are the database’s`);
      assert(invoices.length > 0, `permits at AC on ${day}`);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="counter-permit"]').length === n, invoices.length);
      const shown = await page.$$eval(tid('counter-permit'), (els) => els.map((e) => e.dataset.invoice).sort());
      equal(shown, invoices, `the counter lists the permits of ${day}`);
    }

    await typeDate(page, tid('permits-day'), dutch(dayA), {
      field: 'Vergunningen day (permits-day)',
      whileTyping: async () => {
        const when = await page.textContent(tid('permits-when'));
        assert(when.includes(dayName(MORNING)), `permits-when: still today while typing: ${when}`);
        equal(await page.inputValue(tid('counter-vendor')), '', 'counter-vendor: empty while the day is typed');
        equal((asked.day_view ?? []).filter((a) => a.day !== MORNING), [], 'no other day asked of the core while typing');
      },
      after: () => page.waitForFunction((n) => document.querySelector('[data-testid="permits-when"]')?.textContent.includes(n), dayName(dayA)),
    });
    await page.waitForSelector(tid('counter-vendor'));
    equal(await page.inputValue(tid('counter-vendor')), '', 'counter-vendor (made anew for the new day): empty');
    await permitsOf(dayA);
    equal([...new Set((asked.day_view ?? []).map((a) => a.day))].filter((d) => d !== MORNING), [dayA], 'only the typed day was asked, no day on the way to it');

    // An impossible day: marked invalid, the screen stays on the day.
    const before = (asked.day_view ?? []).length;
    await typeImpossible(page, tid('permits-day'), {
      field: 'Vergunningen day (permits-day)',
      unchanged: async () => {
        const when = await page.textContent(tid('permits-when'));
        assert(when.includes(dayName(dayA)), `permits-when: still ${dayA} after 31-02-2026: ${when}`);
        equal(await page.$$eval(tid('counter-permit'), (els) => els.length), Number(q(`SELECT count(*) FROM daily_permit WHERE market_id = ${AC} AND day = '${dayA}'`)), 'the permits of the day stay');
        equal((asked.day_view ?? []).length, before, 'nothing asked of the core for an impossible day');
      },
    });
    // Typing a good date again clears the mark.
    await typeDate(page, tid('permits-day'), dutch(dayB), {
      field: 'Vergunningen day (permits-day) after an impossible date',
      after: () => page.waitForFunction((n) => document.querySelector('[data-testid="permits-when"]')?.textContent.includes(n), dayName(dayB)),
    });
    await permitsOf(dayB);
    // The day does not survive the session: whoever logs in next starts on today, in
    // Vergunningen as in Controles (the same day), not on the last clerk's day.
    await page.click(tid('logout'));
    await page.fill(tid('login-username'), ACCOUNTS.senior[0]);
    await page.fill(tid('login-password'), ACCOUNTS.senior[1]);
    await page.click(tid('login-submit'));
    await page.click(tid('nav-vergunningen'));
    await page.waitForSelector(tid('permits-day'));
    equal(await page.inputValue(tid('permits-day')), dutch(MORNING), 'after a new login Vergunningen is on today');
    await page.click(tid('nav-controles'));
    await page.waitForSelector(tid('insp-market'));
    equal(await page.getAttribute(tid('insp-when'), 'data-day'), MORNING, 'and Controles too');
    noProblems(problems, 'Vergunningen day');
    await page.close();
  });

  await suite.test('serve dates: Vergunningen attendance, an absence from and until', async () => {
    const problems = [];
    const page = await login('supervisor', problems, '#/vergunningen/aanmeldingen');
    await page.waitForSelector(tid('attendance-row'));
    const vendor = await page.getAttribute(tid('attendance-row'), 'data-vendor-id');
    await page.focus(tid('attendance-row'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('attendance-panel')}[data-vendor-id="${vendor}"] ${tid('absence-form')}`);
    // The panel puts the focus on its heading when it opens.
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="attendance-panel"]'));
    const form = tid('absence-form');
    const [from, until] = [addDays(MORNING, 16), addDays(MORNING, 20)];
    await typeDate(page, `${form} ${tid('field-from')}`, dutch(from), { field: 'absence from (absence-form field-from)' });
    await typeDate(page, `${form} ${tid('field-until')}`, dutch(until), { field: 'absence until (absence-form field-until)' });
    equal(await page.inputValue(`${form} ${tid('field-from')}`), dutch(from), 'absence from: kept while until was typed');
    equal(await page.inputValue(tid('absence-reason')), '', 'absence-reason: empty');
    // The typed days are what the core stores.
    const where = `vendor_id = ${vendor} AND market_id = ${AC}`;
    const count = Number(q(`SELECT count(*) FROM absence_period WHERE ${where}`));
    await page.fill(tid('absence-reason'), 'vakantie');
    await page.click(tid('absence-add'));
    await page.waitForFunction(
      (t) => [...document.querySelectorAll('[data-testid="absences"] li')].some((li) => li.textContent.includes(t)),
      `${dutch(from)} – ${dutch(until)}`,
    );
    equal(Number(q(`SELECT count(*) FROM absence_period WHERE ${where}`)), count + 1, 'one absence stored');
    equal(
      q(`SELECT from_day || '|' || until_day || '|' || reason FROM absence_period WHERE ${where} ORDER BY id DESC LIMIT 1`),
      `${from}|${until}|vakantie`,
      'the absence as typed',
    );
    noProblems(problems, 'absence');
    await page.close();
  });

  // ── Indeling, Markten ────────────────────────────────────────────────────────────────
  await suite.test('serve dates: Indeling day in the compact form, and the stall map day', async () => {
    const problems = [];
    const { token } = await apiLogin('senior');
    const page = await login('senior', problems, '#/indeling');
    const asked = recordRequests(page);
    // It opens on the chosen market's next market day after today, as the core counts.
    await page.waitForSelector(tid('alloc-dayname'));
    const market = Number(await page.inputValue(tid('alloc-market')));
    const opened = await core('next_market_day', { marketId: market, from: MORNING, forward: true, within: 370 }, token, 'the next market day');
    await page.waitForSelector(`${tid('alloc-dayname')}[data-day="${opened}"]`);
    // A day a week on from tomorrow, of another weekday.
    const day = addDays(MORNING, 9);
    await typeDate(page, tid('alloc-day'), dutch(day).replace(/-/g, ''), {
      field: 'Indeling day (alloc-day), compact',
      expected: dutch(day),
      whileTyping: async () =>
        equal(await page.getAttribute(tid('alloc-dayname'), 'data-day'), opened, 'alloc-dayname: still the first day while typing'),
      after: () => page.waitForSelector(`${tid('alloc-dayname')}[data-day="${day}"]`),
    });
    assert((await page.textContent(tid('alloc-dayname'))).includes(dayName(day)), `alloc-dayname: shows ${dayName(day)}`);
    // The screen shows the core's allocation day: held or not, as the core says.
    const request = await lastAsked(page, asked, 'allocation_day', (a) => a.day === day, 'the allocation day');
    equal(request.marketId, market, 'the market shown');
    const view = await core('allocation_day', request, token, 'the allocation day');
    assert(typeof view.held === 'boolean', `allocation_day says whether the market is held: ${JSON.stringify(view).slice(0, 200)}`);
    await page.waitForFunction(
      (held) => !!document.querySelector('[data-testid="alloc-not-held"]') === !held && !document.querySelector('[data-testid="alloc-dayname"]')?.closest('section')?.querySelector('.loading'),
      view.held,
    );
    equal(await page.locator(tid('alloc-not-held')).count(), view.held ? 0 : 1, `held on ${day}: as the core says (${view.held})`);
    equal(
      [...new Set((asked.allocation_day ?? []).map((a) => a.day))].filter((d) => d !== opened),
      [day],
      'only the typed day was asked, no day on the way to it',
    );
    // An impossible day leaves the allocation on the day.
    await typeImpossible(page, tid('alloc-day'), {
      field: 'Indeling day (alloc-day)',
      unchanged: async () => equal(await page.getAttribute(tid('alloc-dayname'), 'data-day'), day, 'alloc-dayname: unchanged by 31-02-2026'),
    });
    noProblems(problems, 'Indeling day');
    await page.close();

    const mapProblems = [];
    const map = await login('supervisor', mapProblems);
    const mapAsked = recordRequests(map);
    await map.click(tid('nav-markten'));
    await map.waitForSelector(tid('market-list'));
    const acName = q(`SELECT name FROM market WHERE id = ${AC}`);
    await map.getByRole('link', { name: acName }).click();
    await map.waitForSelector(tid('stall-map'));
    const shownDay = '.dayline > span.muted';
    equal((await map.textContent(shownDay)).trim(), dayName(MORNING), 'stall map: today at first');
    // The Saturday a week on.
    const mapDay = addDays(MORNING, 7);
    await typeDate(map, tid('map-day'), dutch(mapDay), {
      field: 'stall map day (map-day)',
      whileTyping: async () => equal((await map.textContent(shownDay)).trim(), dayName(MORNING), 'stall map: still today while typing'),
      after: () => map.waitForFunction((n) => document.querySelector('.dayline > span.muted')?.textContent.trim() === n, dayName(mapDay)),
    });
    // The map is the core's layout of AC on that day.
    const layoutRequest = await lastAsked(map, mapAsked, 'market_layout', (a) => a.day === mapDay, 'the layout of the day');
    equal(layoutRequest.id, Number(AC), 'the layout of AC');
    const layout = await core('market_layout', layoutRequest, (await apiLogin('supervisor')).token, 'the layout of the day');
    const stalls = layout.rows ? layout.rows.flatMap((r) => r.stalls ?? []) : (layout.stalls ?? []);
    assert(stalls.length > 0, `the core’s stalls of AC: ${JSON.stringify(Object.keys(layout))}`);
    await map.waitForSelector(tid('stall'));
    const shownStalls = await map.$$eval(tid('stall'), (els) => els.map((e) => e.dataset.stallNumber).sort());
    equal(shownStalls, stalls.map((s) => s.number).sort(), 'the map shows the core’s stalls of AC');
    equal(shownStalls.length, Number(q(`SELECT count(*) FROM stall WHERE market_id = ${AC}`)), 'every stall of AC in the database');
    const blocked = await map.$$eval(`${tid('stall')}[data-blocked="true"]`, (els) => els.map((e) => e.dataset.stallNumber).sort());
    equal(blocked, stalls.filter((s) => s.blockedReason).map((s) => s.number).sort(), `the stalls blocked on ${mapDay}, as the core says`);
    noProblems(mapProblems, 'stall map day');
    await map.close();
  });

  // ── Controles ────────────────────────────────────────────────────────────────────────
  await suite.test('serve dates: Controles day with Enter, the ticket filters, the ticket form day', async () => {
    const problems = [];
    const { token } = await apiLogin('supervisor');
    const page = await login('supervisor', problems, '#/controles/ronde');
    const asked = recordRequests(page);
    await page.waitForSelector(`${tid('sample-none')}, ${tid('sample-head')}`);
    equal(await page.getAttribute(tid('insp-when'), 'data-day'), MORNING, 'insp-when: today at first');
    await page.waitForSelector(`${tid('insp-market')} option`, { state: 'attached' });
    const market = Number(await page.inputValue(tid('insp-market')));
    // A day of the history with permits at the market shown.
    const day = q(`SELECT max(day) FROM daily_permit WHERE market_id = ${market} AND day < '${DEMO_TODAY}'`);
    await typeDate(page, tid('insp-day'), dutch(day), {
      field: 'Controles day (insp-day)',
      key: 'Enter',
      whileTyping: async () => equal(await page.getAttribute(tid('insp-when'), 'data-day'), MORNING, 'insp-when: still today while typing'),
      after: () => page.waitForSelector(`${tid('insp-when')}[data-day="${day}"]`),
    });
    assert((await page.textContent(tid('insp-when'))).includes(dayName(day)), `insp-when: shows ${dayName(day)}`);
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'insp-day', 'Enter leaves the focus in the day field');
    // The round of the day as the core has it: no sample yet; the day's valid permits counted.
    const request = await lastAsked(page, asked, 'control_round', (a) => a.day === day, 'the control round');
    equal(request.marketId, market, 'the market shown');
    const round = await core('control_round', request, token, 'the control round');
    const valid = Number(
      q(`SELECT count(*) FROM daily_permit p WHERE p.market_id = ${market} AND p.day = '${day}' AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`),
    );
    assert(valid > 0, `valid permits on ${day}`);
    if (round === null) {
      await page.waitForSelector(tid('sample-none'));
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="sample-none"]')?.textContent.replace(/\./g, '').includes(`${n} dagvergunningen`),
        valid,
      );
    } else {
      await page.waitForSelector(tid('sample-head'));
      equal((await page.textContent(tid('sample-seed'))).trim(), String(round.seed), 'the core’s sample');
    }

    // The ticket list's period: the list is the core's for the typed days.
    await page.click(tid('tab-bonnen'));
    await page.waitForSelector(tid('ticket-list'));
    const [from, until] = [q("SELECT min(day) FROM ticket"), q("SELECT max(day) FROM ticket")];
    assert(from && until && from < until, `tickets in the demo: ${from} – ${until}`);
    const tFrom = addDays(from, 7);
    const tUntil = addDays(until, -7);
    await typeDate(page, tid('ticket-filter-from'), dutch(tFrom), { field: 'tickets from (ticket-filter-from)' });
    await typeDate(page, tid('ticket-filter-until'), dutch(tUntil), { field: 'tickets until (ticket-filter-until)', key: 'Enter' });
    equal(await page.inputValue(tid('ticket-filter-from')), dutch(tFrom), 'tickets from: kept while until was typed');
    await page.waitForSelector(tid('ticket-filter-reset'));
    const filter = await lastAsked(page, asked, 'tickets', (a) => a.filter?.from === tFrom && a.filter?.until === tUntil, 'the tickets of the period');
    const tickets = await core('tickets', filter, token, 'the tickets of the period');
    const list = Array.isArray(tickets) ? tickets : (tickets.tickets ?? tickets.rows ?? tickets.items);
    assert(Array.isArray(list), `a list of tickets: ${JSON.stringify(tickets).slice(0, 200)}`);
    equal(list.length, Number(q(`SELECT count(*) FROM ticket WHERE day BETWEEN '${tFrom}' AND '${tUntil}'`)), 'the core’s tickets of the period are the database’s');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ticket-row"]').length === n, Math.min(list.length, 500));
    equal(
      (asked.tickets ?? []).filter((a) => (a.filter?.from && a.filter.from !== tFrom) || (a.filter?.until && a.filter.until !== tUntil)),
      [],
      'no day on the way to the typed ones was asked of the core',
    );
    noProblems(problems, 'Controles day');
    await page.close();

    // The ticket form's day (its hint names the weekday).
    const formProblems = [];
    const form = await login('supervisor', formProblems, '#/controles/bon');
    await form.waitForSelector(tid('ticket-form'));
    await form.waitForFunction(() => document.activeElement?.dataset?.testid === 'ticket-vendor');
    const dayField = `${tid('ticket-form')} ${tid('field-day')}`;
    equal(await form.inputValue(dayField), dutch(MORNING), 'ticket form day: today at first');
    await typeDate(form, dayField, dutch(DEMO_TODAY), {
      field: 'ticket form day (ticket-form field-day)',
      after: () =>
        form.waitForFunction((n) => {
          const input = document.querySelector('[data-testid="ticket-form"] [data-testid="field-day"]');
          return input?.closest('.field')?.querySelector('small.hint')?.textContent.trim() === n;
        }, dayName(DEMO_TODAY)),
    });
    equal(await form.inputValue(tid('ticket-vendor')), '', 'ticket-vendor: empty');
    noProblems(formProblems, 'ticket form day');
    await form.close();
  });

  // ── Rapporten ────────────────────────────────────────────────────────────────────────
  await suite.test('serve dates: Rapporten finance export, list export and overviews, from and until', async () => {
    const problems = [];
    const { token } = await apiLogin('finance');
    const page = await login('finance', problems, '#/rapporten/financieel');
    const asked = recordRequests(page);
    await page.waitForSelector(tid('finance-form'));
    const [from, until] = [`${DEMO_TODAY.slice(0, 7)}-01`, DEMO_TODAY];
    await typeDate(page, tid('finance-from'), dutch(from), { field: 'finance export from (finance-from)' });
    await typeDate(page, tid('finance-until'), dutch(until), { field: 'finance export until (finance-until)' });
    equal(await page.inputValue(tid('finance-from')), dutch(from), 'finance from: kept while until was typed');
    // The batch is made for the typed days.
    await page.click(tid('finance-run'));
    await page.waitForSelector(tid('saved-file'), { timeout: 60000 });
    equal(
      q('SELECT period_from || \'|\' || period_until FROM finance_batch ORDER BY number DESC LIMIT 1'),
      `${from}|${until}`,
      'the batch covers the typed days',
    );

    await page.click(tid('tab-exporteren'));
    await page.waitForSelector(tid('list-export'));
    await page.selectOption(tid('list-kind'), 'permits');
    const [lFrom, lUntil] = [addDays(from, 1), addDays(until, -1)];
    await typeDate(page, tid('list-from'), dutch(lFrom), { field: 'list export from (list-from)' });
    await typeDate(page, tid('list-until'), dutch(lUntil), { field: 'list export until (list-until)' });
    equal(await page.inputValue(tid('list-from')), dutch(lFrom), 'list from: kept while until was typed');
    await page.click(tid('list-run'));
    await page.waitForSelector(tid('saved-file'), { timeout: 60000 });
    const listed = await lastAsked(page, asked, 'export_list', () => true, 'the list export');
    equal([listed.request.from, listed.request.until], [lFrom, lUntil], 'the list export asks the typed days');
    const summary = await page.textContent(tid('saved-summary'));
    const permits = q(`SELECT count(*) FROM daily_permit WHERE day BETWEEN '${lFrom}' AND '${lUntil}'`);
    assert(summary.replace(/\./g, '').includes(permits), `the list has the ${permits} permits of the typed days: ${summary}`);

    await page.click(tid('tab-overzichten'));
    await page.waitForSelector(tid('overviews'));
    const [rFrom, rUntil] = [q('SELECT min(day) FROM daily_permit'), addDays(from, -1)];
    await typeDate(page, tid('report-from'), dutch(rFrom), { field: 'overviews from (report-from)' });
    await typeDate(page, tid('report-until'), dutch(rUntil), { field: 'overviews until (report-until)' });
    equal(await page.inputValue(tid('report-from')), dutch(rFrom), 'report from: kept while until was typed');
    await page.click(tid('report-show'));
    await page.waitForSelector(tid('report-table'));
    const figures = await lastAsked(page, asked, 'report_figures', () => true, 'the overview');
    equal([figures.request.from, figures.request.until], [rFrom, rUntil], 'the overview asks the typed days');
    const table = await core('report_figures', figures, token, 'the overview');
    equal(Number(await page.getAttribute(tid('report-table'), 'data-rows')), table.rows.length, 'the core’s rows for the typed days');
    const incl = table.columns.findIndex((c) => c.key === 'incl');
    equal(
      table.rows.reduce((s, r) => s + r[incl].cents, 0),
      Number(
        q(`SELECT coalesce(sum(il.incl_cents), 0) FROM invoice_line il JOIN daily_permit p ON p.id = il.permit_id
            WHERE p.day BETWEEN '${rFrom}' AND '${rUntil}' AND NOT EXISTS (SELECT 1 FROM permit_void v WHERE v.permit_id = p.id)`),
      ),
      'the revenue of the typed days is the books’',
    );
    noProblems(problems, 'Rapporten dates');
    await page.close();
  });

  // ── Beheer ───────────────────────────────────────────────────────────────────────────
  await suite.test('serve dates: Beheer audit log, violations, tariff plans, VAT and the quote simulator', async () => {
    const problems = [];
    const { token } = await apiLogin('admin');
    const page = await login('admin', problems, '#/beheer/auditlog');
    const asked = recordRequests(page);
    await page.waitForSelector(tid('audit-list'));
    const [from, until] = [`${DEMO_TODAY.slice(0, 7)}-01`, DEMO_TODAY];
    await typeDate(page, tid('audit-from'), dutch(from), { field: 'audit log from (audit-from)' });
    await typeDate(page, tid('audit-until'), dutch(until), { field: 'audit log until (audit-until)' });
    equal(await page.inputValue(tid('audit-from')), dutch(from), 'audit from: kept while until was typed');
    // Zoeken: the log shown is the core's for the typed days.
    await page.click(tid('audit-search'));
    const request = await lastAsked(page, asked, 'audit_log', (a) => a.filter?.from === from && a.filter?.until === until, 'the audit log of the period');
    const log = await core('audit_log', request, token, 'the audit log of the period');
    const entries = log.items;
    equal(Number(await page.getAttribute(tid('audit-total'), 'data-total')), log.total, 'the core’s total for the typed days');
    assert(Array.isArray(entries), `audit_log answers a page: ${JSON.stringify(log).slice(0, 200)}`);
    await page.waitForFunction(
      (ids) => JSON.stringify([...document.querySelectorAll('[data-testid="audit-row"]')].map((e) => Number(e.dataset.id))) === JSON.stringify(ids),
      entries.map((e) => e.id),
    );
    const at = (e) => e.at ?? e.when ?? '';
    assert(entries.every((e) => String(at(e)).slice(0, 10) >= addDays(from, -1) && String(at(e)).slice(0, 10) <= until), 'entries of the typed days');

    await page.click(tid('tab-overtredingen'));
    await page.waitForSelector(tid('violation-form'));
    const vf = tid('violation-form');
    const nextYear = String(Number(MORNING.slice(0, 4)) + 1);
    await typeDate(page, `${vf} ${tid('field-validFrom')}`, `01-01-${nextYear}`, { field: 'violation valid from (violation-form field-validFrom)' });
    await typeDate(page, `${vf} ${tid('field-validUntil')}`, `31-12-${nextYear}`, { field: 'violation valid until (violation-form field-validUntil)' });
    equal(await page.inputValue(`${vf} ${tid('field-validFrom')}`), `01-01-${nextYear}`, 'violation valid from: kept while until was typed');

    await page.click(tid('tab-plannen'));
    await page.waitForSelector(tid('plan-list'));
    await page.getByRole('button', { name: 'Wijzigen' }).first().click();
    await page.waitForSelector(tid('plan-form'));
    // The form puts the focus on its name when it opens.
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid="plan-form"]'));
    const pf = tid('plan-form');
    await typeDate(page, `${pf} ${tid('field-from')}`, `01-01-${nextYear}`, { field: 'tariff plan from (plan-form field-from)' });
    await typeDate(page, `${pf} ${tid('field-until')}`, `31-12-${nextYear}`, { field: 'tariff plan until (plan-form field-until)' });
    equal(await page.inputValue(`${pf} ${tid('field-from')}`), `01-01-${nextYear}`, 'tariff plan from: kept while until was typed');

    await page.click(tid('tab-btw'));
    await page.waitForSelector(tid('vat-form'));
    await typeDate(page, `${tid('vat-form')} ${tid('field-from')}`, `01-01-${nextYear}`, { field: 'VAT rate from (vat-form field-from)' });

    // The quote simulator asks the core for the typed day, and names its weekday.
    await page.click(tid('tab-offerte'));
    await page.waitForSelector(tid('quote-lines'));
    const day = `${tid('quote-form')} ${tid('field-day')}`;
    const weekday = 'div.field:has(> div.field > [data-testid="field-day"]) > small.muted';
    equal((await page.textContent(weekday)).trim(), dayName(MORNING), 'quote simulator: today at first');
    // A day of the history on another weekday.
    const quoteDay = addDays(DEMO_TODAY, -4);
    await typeDate(page, day, dutch(quoteDay), {
      field: 'quote simulator day (quote-form field-day)',
      whileTyping: async () => equal((await page.textContent(weekday)).trim(), dayName(MORNING), 'quote simulator: still today while typing'),
      after: () => page.waitForFunction((w) => document.querySelector(w.sel)?.textContent.trim() === w.name, { sel: weekday, name: dayName(quoteDay) }),
    });
    await page.waitForSelector(tid('quote-plan'));
    const quoteRequest = await lastAsked(page, asked, 'quote', (a) => a.request?.day === quoteDay, 'the quote of the day');
    const quote = await core('quote', quoteRequest, token, 'the quote of the day');
    await page.waitForFunction((p) => document.querySelector('[data-testid="quote-plan"]')?.textContent.trim() === p, quote.plan);
    equal(await page.$$eval(tid('quote-line'), (els) => els.length), quote.lines.length, 'the core’s quote lines for the day');
    equal(
      (asked.quote ?? []).filter((a) => a.request?.day && a.request.day !== MORNING && a.request.day !== quoteDay),
      [],
      'no day on the way to the typed one was quoted',
    );
    noProblems(problems, 'Beheer dates');
    await page.close();
  });

  // ── Ondernemers ──────────────────────────────────────────────────────────────────────
  await suite.test('serve dates: a vendor’s enforcement until, a substitute from and until, a registration date', async () => {
    const problems = [];
    const id = q(
      `SELECT id FROM vendor WHERE status = 'actief' AND enforcement_until IS NULL AND registration_number <> '' ORDER BY id LIMIT 1`,
    );
    assert(id, 'an active vendor without enforcement');
    const page = await login('senior', problems, `#/ondernemers/${id}`);
    await page.waitForSelector(tid('vendor-form'));
    await page.waitForSelector(tid('substitute-form'));
    const enforcement = `${MORNING.slice(0, 4)}-12-31`;
    await typeDate(page, `${tid('vendor-form')} ${tid('field-enforcementUntil')}`, dutch(enforcement), {
      field: 'vendor enforcement until (vendor-form field-enforcementUntil)',
    });
    // The typed enforcement day is what the core stores (saved before the registration dialog).
    await page.click(`${tid('vendor-form')} ${tid('save')}`);
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="vendor-form"] [data-testid="field-enforcementUntil"]')?.value === v,
      dutch(enforcement),
    );
    for (let i = 0; i < 100 && q(`SELECT coalesce(enforcement_until, '') FROM vendor WHERE id = ${id}`) !== enforcement; i++) await page.waitForTimeout(50);
    equal(q(`SELECT enforcement_until FROM vendor WHERE id = ${id}`), enforcement, 'the enforcement day as typed, stored');
    const sf = tid('substitute-form');
    const [sFrom, sUntil] = [addDays(MORNING, 3), enforcement];
    await typeDate(page, `${sf} ${tid('field-validFrom')}`, dutch(sFrom), { field: 'substitute from (substitute-form field-validFrom)' });
    await typeDate(page, `${sf} ${tid('field-validUntil')}`, dutch(sUntil), { field: 'substitute until (substitute-form field-validUntil)' });
    equal(await page.inputValue(`${sf} ${tid('field-validFrom')}`), dutch(sFrom), 'substitute from: kept while until was typed');
    equal(await page.inputValue(`${sf} ${tid('field-substitute')}`), '', 'substitute number: empty');

    await page.click(tid('new-registration'));
    await page.waitForSelector(tid('registration-form'));
    await typeDate(page, `${tid('registration-form')} ${tid('field-registeredOn')}`, '15-03-2024', {
      field: 'registration date (registration-form field-registeredOn)',
    });
    equal(await page.inputValue(`${tid('vendor-form')} ${tid('field-enforcementUntil')}`), dutch(enforcement), 'enforcement until: kept');
    noProblems(problems, 'vendor dates');
    await page.close();
  });
}
