// Browser flows that type a date into every date field (DateField) of the UI by keyboard,
// key by key as a clerk does, against the mock. A regression test for the real window: the
// clerk selected the day of Vergunningen, typed "07-12-2026" and Tab; the field took "07-1"
// as 7 January while typing, the counter re-rendered and took the focus, and "2-2026"
// landed in the next field. A DateField takes the date only when the clerk is done (Tab,
// Enter, a click elsewhere). For each field: the typed date stays in the field as typed,
// no other field gets any of the keys, and where the field drives the screen, the screen
// moves to the day only after Tab or Enter. Called from run.mjs.
//
// The mock's today is Saturday 28-11-2026; the days typed are other days, so a change shows.

/** Text inputs a typed key could land in (the date fields among them). */
const TEXT_INPUTS =
  'input:not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([type="hidden"]):not([type="button"]):not([type="submit"]):not([type="reset"]), textarea';

export async function dateFlows({ suite, login, tid, shot, assert, equal }) {
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
    await page.waitForFunction(
      ({ s, v }) => document.querySelector(s)?.value === v,
      { s: sel, v: expected },
      { timeout: 2000 },
    ).catch(() => {});
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

  // ── Vergunningen ─────────────────────────────────────────────────────────────────────
  await suite.test('dates: Vergunningen day by keyboard, the counter keeps its hands off; an impossible day', async () => {
    const page = await login('supervisor', '#/vergunningen/uitgifte');
    await page.waitForSelector(tid('counter-vendor'));
    // The counter puts the focus in its vendor field when it opens; wait for that first.
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'counter-vendor');
    equal(await page.inputValue(tid('permits-day')), '28-11-2026', 'Vergunningen day: today at first');
    assert((await page.textContent(tid('permits-when'))).includes('za 28-11-2026'), 'permits-when: today at first');
    await typeDate(page, tid('permits-day'), '07-12-2026', {
      field: 'Vergunningen day (permits-day)',
      whileTyping: async () => {
        const when = await page.textContent(tid('permits-when'));
        assert(when.includes('za 28-11-2026'), `permits-when: still today while typing (not 7 January): ${when}`);
        equal(await page.inputValue(tid('counter-vendor')), '', 'counter-vendor: empty while the day is typed');
      },
      after: () => page.waitForFunction(() => document.querySelector('[data-testid="permits-when"]')?.textContent.includes('ma 07-12-2026')),
    });
    assert((await page.textContent(tid('permits-when'))).includes('ma 07-12-2026'), 'permits-when: Monday 07-12-2026 after Tab');
    await page.waitForSelector(tid('counter-vendor'));
    equal(await page.inputValue(tid('counter-vendor')), '', 'counter-vendor (made anew for the new day): empty');
    await shot(page, '50-datum-vergunningen');

    // An impossible day: marked invalid, the screen stays on 07-12-2026.
    await typeImpossible(page, tid('permits-day'), {
      field: 'Vergunningen day (permits-day)',
      unchanged: async () => {
        const when = await page.textContent(tid('permits-when'));
        assert(when.includes('ma 07-12-2026'), `permits-when: still 07-12-2026 after 31-02-2026: ${when}`);
      },
    });
    await shot(page, '51-datum-ongeldig');
    // Typing a good date again clears the mark.
    await typeDate(page, tid('permits-day'), '08-12-2026', {
      field: 'Vergunningen day (permits-day) after an impossible date',
      after: () => page.waitForFunction(() => document.querySelector('[data-testid="permits-when"]')?.textContent.includes('di 08-12-2026')),
    });
    await page.close();
  });

  await suite.test('dates: Vergunningen attendance, an absence from and until', async () => {
    const page = await login('supervisor', '#/vergunningen/aanmeldingen');
    await page.waitForSelector(tid('attendance-row'));
    await page.focus(tid('attendance-row'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('attendance-panel')} ${tid('absence-form')}`);
    // The panel puts the focus on its heading when it opens.
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="attendance-panel"]'));
    const form = tid('absence-form');
    await typeDate(page, `${form} ${tid('field-from')}`, '14-12-2026', { field: 'absence from (absence-form field-from)' });
    await typeDate(page, `${form} ${tid('field-until')}`, '18-12-2026', { field: 'absence until (absence-form field-until)' });
    equal(await page.inputValue(`${form} ${tid('field-from')}`), '14-12-2026', 'absence from: kept while until was typed');
    equal(await page.inputValue(tid('absence-reason')), '', 'absence-reason: empty');
    await page.close();
  });

  // ── Indeling, Markten ────────────────────────────────────────────────────────────────
  await suite.test('dates: Indeling day in the compact form, and the stall map day', async () => {
    const page = await login('senior', '#/indeling');
    await page.waitForSelector(`${tid('alloc-dayname')}[data-day="2026-11-29"]`);
    await typeDate(page, tid('alloc-day'), '07122026', {
      field: 'Indeling day (alloc-day), compact',
      expected: '07-12-2026',
      whileTyping: async () =>
        equal(await page.getAttribute(tid('alloc-dayname'), 'data-day'), '2026-11-29', 'alloc-dayname: still tomorrow while typing'),
      after: () => page.waitForSelector(`${tid('alloc-dayname')}[data-day="2026-12-07"]`),
    });
    equal(await page.getAttribute(tid('alloc-dayname'), 'data-day'), '2026-12-07', 'alloc-dayname: the typed day');
    assert((await page.textContent(tid('alloc-dayname'))).includes('ma 07-12-2026'), 'alloc-dayname: shows ma 07-12-2026');
    // An impossible day leaves the allocation on 07-12-2026.
    await typeImpossible(page, tid('alloc-day'), {
      field: 'Indeling day (alloc-day)',
      unchanged: async () => equal(await page.getAttribute(tid('alloc-dayname'), 'data-day'), '2026-12-07', 'alloc-dayname: unchanged by 31-02-2026'),
    });
    await page.close();

    const map = await login('supervisor');
    await map.click(tid('nav-markten'));
    await map.waitForSelector(tid('market-list'));
    await map.getByRole('link', { name: 'Albert Cuypmarkt' }).click();
    await map.waitForSelector(tid('stall-map'));
    const dayName = '.dayline > span.muted';
    equal((await map.textContent(dayName)).trim(), 'za 28-11-2026', 'stall map: today at first');
    await typeDate(map, tid('map-day'), '05-12-2026', {
      field: 'stall map day (map-day)',
      whileTyping: async () => equal((await map.textContent(dayName)).trim(), 'za 28-11-2026', 'stall map: still today while typing'),
      after: () => map.waitForFunction(() => document.querySelector('.dayline > span.muted')?.textContent.trim() === 'za 05-12-2026'),
    });
    equal((await map.textContent(dayName)).trim(), 'za 05-12-2026', 'stall map: the typed day');
    await map.waitForSelector(tid('stall-map'));
    await map.close();
  });

  // ── Controles ────────────────────────────────────────────────────────────────────────
  await suite.test('dates: Controles day with Enter, the ticket filters, the ticket form day', async () => {
    const page = await login('supervisor', '#/controles/ronde');
    await page.waitForSelector(`${tid('sample-none')}, ${tid('sample-head')}`);
    equal(await page.getAttribute(tid('insp-when'), 'data-day'), '2026-11-28', 'insp-when: today at first');
    await typeDate(page, tid('insp-day'), '02-12-2026', {
      field: 'Controles day (insp-day)',
      key: 'Enter',
      whileTyping: async () => equal(await page.getAttribute(tid('insp-when'), 'data-day'), '2026-11-28', 'insp-when: still today while typing'),
      after: () => page.waitForSelector(`${tid('insp-when')}[data-day="2026-12-02"]`),
    });
    assert((await page.textContent(tid('insp-when'))).includes('wo 02-12-2026'), 'insp-when: shows wo 02-12-2026');
    equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'insp-day', 'Enter leaves the focus in the day field');

    // The ticket list's period.
    await page.click(tid('tab-bonnen'));
    await page.waitForSelector(tid('ticket-list'));
    await typeDate(page, tid('ticket-filter-from'), '01-10-2026', { field: 'tickets from (ticket-filter-from)' });
    await typeDate(page, tid('ticket-filter-until'), '27-11-2026', { field: 'tickets until (ticket-filter-until)', key: 'Enter' });
    equal(await page.inputValue(tid('ticket-filter-from')), '01-10-2026', 'tickets from: kept while until was typed');
    await page.waitForSelector(tid('ticket-filter-reset'));
    await page.close();

    // The ticket form's day (its hint names the weekday).
    const form = await login('supervisor', '#/controles/bon');
    await form.waitForSelector(tid('ticket-form'));
    await form.waitForFunction(() => document.activeElement?.dataset?.testid === 'ticket-vendor');
    const day = `${tid('ticket-form')} ${tid('field-day')}`;
    equal(await form.inputValue(day), '28-11-2026', 'ticket form day: today at first');
    await typeDate(form, day, '27-11-2026', {
      field: 'ticket form day (ticket-form field-day)',
      after: () => form.waitForFunction(() => {
        const input = document.querySelector('[data-testid="ticket-form"] [data-testid="field-day"]');
        return input?.closest('.field')?.querySelector('small.hint')?.textContent.trim() === 'vr 27-11-2026';
      }),
    });
    equal(await form.inputValue(tid('ticket-vendor')), '', 'ticket-vendor: empty');
    await form.close();
  });

  // ── Rapporten ────────────────────────────────────────────────────────────────────────
  await suite.test('dates: Rapporten finance export, list export and overviews, from and until', async () => {
    const page = await login('finance', '#/rapporten/financieel');
    await page.waitForSelector(tid('finance-form'));
    await typeDate(page, tid('finance-from'), '01-11-2026', { field: 'finance export from (finance-from)' });
    await typeDate(page, tid('finance-until'), '27-11-2026', { field: 'finance export until (finance-until)' });
    equal(await page.inputValue(tid('finance-from')), '01-11-2026', 'finance from: kept while until was typed');

    await page.click(tid('tab-exporteren'));
    await page.waitForSelector(tid('list-export'));
    await page.selectOption(tid('list-kind'), 'permits');
    await typeDate(page, tid('list-from'), '02-11-2026', { field: 'list export from (list-from)' });
    await typeDate(page, tid('list-until'), '26-11-2026', { field: 'list export until (list-until)' });
    equal(await page.inputValue(tid('list-from')), '02-11-2026', 'list from: kept while until was typed');

    await page.click(tid('tab-overzichten'));
    await page.waitForSelector(tid('overviews'));
    await typeDate(page, tid('report-from'), '01-06-2026', { field: 'overviews from (report-from)' });
    await typeDate(page, tid('report-until'), '30-09-2026', { field: 'overviews until (report-until)' });
    equal(await page.inputValue(tid('report-from')), '01-06-2026', 'report from: kept while until was typed');
    await page.close();
  });

  // ── Beheer ───────────────────────────────────────────────────────────────────────────
  await suite.test('dates: Beheer audit log, violations, tariff plans, VAT and the quote simulator', async () => {
    const page = await login('admin', '#/beheer/auditlog');
    await page.waitForSelector(tid('audit-list'));
    await typeDate(page, tid('audit-from'), '01-11-2026', { field: 'audit log from (audit-from)' });
    await typeDate(page, tid('audit-until'), '27-11-2026', { field: 'audit log until (audit-until)' });
    equal(await page.inputValue(tid('audit-from')), '01-11-2026', 'audit from: kept while until was typed');

    await page.click(tid('tab-overtredingen'));
    await page.waitForSelector(tid('violation-form'));
    const vf = tid('violation-form');
    await typeDate(page, `${vf} ${tid('field-validFrom')}`, '01-01-2027', { field: 'violation valid from (violation-form field-validFrom)' });
    await typeDate(page, `${vf} ${tid('field-validUntil')}`, '31-12-2027', { field: 'violation valid until (violation-form field-validUntil)' });
    equal(await page.inputValue(`${vf} ${tid('field-validFrom')}`), '01-01-2027', 'violation valid from: kept while until was typed');

    await page.click(tid('tab-plannen'));
    await page.waitForSelector(tid('plan-list'));
    await page.getByRole('button', { name: 'Wijzigen' }).first().click();
    await page.waitForSelector(tid('plan-form'));
    // The form puts the focus on its name when it opens.
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid="plan-form"]'));
    const pf = tid('plan-form');
    await typeDate(page, `${pf} ${tid('field-from')}`, '01-01-2027', { field: 'tariff plan from (plan-form field-from)' });
    await typeDate(page, `${pf} ${tid('field-until')}`, '31-12-2027', { field: 'tariff plan until (plan-form field-until)' });
    equal(await page.inputValue(`${pf} ${tid('field-from')}`), '01-01-2027', 'tariff plan from: kept while until was typed');

    await page.click(tid('tab-btw'));
    await page.waitForSelector(tid('vat-form'));
    await typeDate(page, `${tid('vat-form')} ${tid('field-from')}`, '01-01-2027', { field: 'VAT rate from (vat-form field-from)' });

    // The quote simulator asks the core for the typed day, and names its weekday.
    await page.click(tid('tab-offerte'));
    await page.waitForSelector(tid('quote-lines'));
    const day = `${tid('quote-form')} ${tid('field-day')}`;
    const weekday = 'div.field:has(> div.field > [data-testid="field-day"]) > small.muted';
    equal((await page.textContent(weekday)).trim(), 'za 28-11-2026', 'quote simulator: today at first');
    await typeDate(page, day, '02-03-2026', {
      field: 'quote simulator day (quote-form field-day)',
      whileTyping: async () => equal((await page.textContent(weekday)).trim(), 'za 28-11-2026', 'quote simulator: still today while typing'),
      after: () => page.waitForFunction((w) => document.querySelector(w)?.textContent.trim() === 'ma 02-03-2026', weekday),
    });
    equal((await page.textContent(weekday)).trim(), 'ma 02-03-2026', 'quote simulator: the typed day');
    await page.waitForSelector(tid('quote-plan'));
    await shot(page, '52-datum-offerte');
    await page.close();
  });

  // ── Ondernemers ──────────────────────────────────────────────────────────────────────
  await suite.test('dates: a vendor’s enforcement until, a substitute from and until, a registration date', async () => {
    const page = await login('senior', '#/ondernemers/3');
    await page.waitForSelector(tid('vendor-form'));
    await page.waitForSelector(tid('substitute-form'));
    await typeDate(page, `${tid('vendor-form')} ${tid('field-enforcementUntil')}`, '31-12-2026', {
      field: 'vendor enforcement until (vendor-form field-enforcementUntil)',
    });
    const sf = tid('substitute-form');
    await typeDate(page, `${sf} ${tid('field-validFrom')}`, '01-12-2026', { field: 'substitute from (substitute-form field-validFrom)' });
    await typeDate(page, `${sf} ${tid('field-validUntil')}`, '31-12-2026', { field: 'substitute until (substitute-form field-validUntil)' });
    equal(await page.inputValue(`${sf} ${tid('field-validFrom')}`), '01-12-2026', 'substitute from: kept while until was typed');
    equal(await page.inputValue(`${sf} ${tid('field-substitute')}`), '', 'substitute number: empty');

    await page.click(tid('new-registration'));
    await page.waitForSelector(tid('registration-form'));
    await typeDate(page, `${tid('registration-form')} ${tid('field-registeredOn')}`, '15-03-2024', {
      field: 'registration date (registration-form field-registeredOn)',
    });
    equal(await page.inputValue(`${tid('vendor-form')} ${tid('field-enforcementUntil')}`), '31-12-2026', 'enforcement until: kept');
    await page.close();
  });
}
