// The Rapporten flows, on the REAL core (called from serve.mjs): the finance
// export over the demo's history with its progress (server-sent events) and Cancel, a new
// batch and a rerun byte for byte; a list export for a period; an import whose dry run names
// every bad line before the clean file is applied; the Overzichten with their chart, table,
// CSV and PDF. Every number the page shows is the core's (its API answer for the page's own
// request) or the database's (sqlite3); every file the server saved is read from its
// Downloads folder (serve.mjs starts it with XDG_DOWNLOAD_DIR=<work>/Downloads).
//
// ctx: { suite, startServer(name) → {db, base}, login(role, problems, hash), api, apiLogin,
//        isError, sql(db, q), tid, assert, equal, noProblems, work, DEMO_TODAY }

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A day `n` days after the ISO day `iso`. */
function addDays(iso, n) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** `2026-11-27` → `27-11-2026`, as a clerk types it. */
const dutch = (iso) => iso.split('-').reverse().join('-');

/** The proposal's end for a period starting `from` on the demo's today (28-11-2026): the month's last day, else yesterday. */
function lastOfMonthOrYesterday(from) {
  const [y, m] = from.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const yesterday = '2026-11-27';
  return last < yesterday ? last : yesterday;
}

/** The lines of a CSV file (BOM and CRLF as the core writes them), split on `sep`, quotes honoured. */
function csvRows(text, sep = ';') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** `1.234,56` / `-1,15` (the Dutch dialect's amounts) in cents. */
function cents(text) {
  const m = /^(-?)([\d.]+),(\d\d)$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/\./g, '')) * 100 + Number(m[3]));
}

/** A query whose answer is long (a batch's lines): sqlite3 with a buffer to match. */
const bigSql = (db, query) => execFileSync('sqlite3', [db, query], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim();

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const digits = (text) => text.replace(/\./g, '');

export async function serveReportFlows({
  suite, startServer, login, api, apiLogin, isError, sql, tid, assert, equal, noProblems, accessible, work, DEMO_TODAY,
}) {
  const downloads = path.join(work, 'Downloads');
  /** The files in the server's Downloads folder now. */
  const files = () => (fs.existsSync(downloads) ? fs.readdirSync(downloads).sort() : []);

  /** Collects the `progress` events the page's own EventSource receives (the app opens one per job). */
  async function watchProgress(page) {
    await page.evaluate(() => {
      window.__progress = [];
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(...args) {
          super(...args);
          this.addEventListener('progress', (e) => window.__progress.push(JSON.parse(e.data)));
        }
      };
    });
  }

  /** The saved-file box: its name and path, the path in the server's Downloads folder and on disk. */
  async function savedFile(page, what) {
    const name = await page.getAttribute(tid('saved-file'), 'data-file-name');
    const file = await page.getAttribute(tid('saved-file'), 'data-path');
    equal(file, path.join(downloads, name), `${what}: saved in the server’s Downloads folder`);
    assert(fs.existsSync(file), `${what}: the file is on disk: ${file}`);
    // The size shown (`10,9 MB`) is the file's on disk, to the tenth of the unit shown.
    const size = fs.statSync(file).size;
    const shown = /\((\d+(?:,\d)?) (B|kB|MB|GB)\)/.exec(await page.textContent(tid('saved-file')));
    assert(shown, `${what}: a size is shown`);
    const unit = 1024 ** ['B', 'kB', 'MB', 'GB'].indexOf(shown[2]);
    assert(Math.abs(Number(shown[1].replace(',', '.')) * unit - size) <= 0.05 * unit, `${what}: the size shown (${shown[0]}) is ${size} bytes`);
    return { name, file };
  }

  // ── The finance export: its own copy (batches are forever) ──────────────────────────────
  const { db: financeDb } = await startServer('reports-finance');

  await suite.test('serve reports: finance makes a batch with progress, cancels one, reruns one', async () => {
    const problems = [];
    const q = (query) => sql(financeDb, query);
    const { token } = await apiLogin('finance');
    // The demo's history: its first day of permits up to its last day. Two batches of its first
    // two weeks are made first (as finance did before), the rest is the clerk's.
    const first = q('SELECT min(day) FROM daily_permit');
    equal(q('SELECT count(*) FROM finance_batch'), '0', 'no batches in the demo');
    const earlier = [
      [first, addDays(first, 6)],
      [addDays(first, 7), addDays(first, 13)],
    ];
    const made = [];
    for (const [i, [from, until]] of earlier.entries()) {
      const answer = await api('finance_export', { request: { from, until, marketIds: [], dialect: 'nl' }, job: `earlier-${i}` }, token);
      equal(answer.status, 200, `batch of ${from} – ${until}: ${JSON.stringify(answer.body).slice(0, 200)}`);
      made.push(answer.body);
    }
    const from = addDays(first, 14);
    const until = DEMO_TODAY;

    // The core's answer to a cancel, as any client gets it: the job is cancelled as soon as it
    // runs (cancel_job says true once it does), nothing is stored, no file is left.
    const before = files();
    const pending = api('finance_export', { request: { from, until, marketIds: [], dialect: 'nl' }, job: 'api-cancel' }, token);
    let cancelled = false;
    for (let i = 0; i < 200 && !cancelled; i++) {
      cancelled = (await api('cancel_job', { job: 'api-cancel' }, token)).body === true;
      if (!cancelled) await new Promise((r) => setTimeout(r, 10));
    }
    assert(cancelled, 'cancel_job found the running job');
    const refused = await pending;
    // markt serve answers a cancelled job with 409 (the work was stopped, nothing was kept).
    isError(refused, refused.status, 'cancelled', 'a cancelled export');
    equal(q('SELECT count(*) FROM finance_batch'), '2', 'a cancelled export made no batch');
    equal(files(), before, 'and left no file');

    const page = await login('finance', problems, '#/rapporten/financieel');
    await page.waitForSelector(tid('finance-form'));
    await page.waitForSelector(tid('batch-row'));
    const rows = async () => page.$$eval(tid('batch-row'), (els) => els.map((e) => `${e.dataset.number}|${e.dataset.lines}`));
    const stored = () => q('SELECT number || \'|\' || line_count FROM finance_batch ORDER BY number DESC').split('\n');
    equal(await rows(), stored(), 'the batches made before, newest first, with their lines');
    equal(await rows(), made.map((b) => `${b.batch.number}|${b.batch.lines}`).reverse(), 'as the core answered when it made them');
    // The period starts where the last batch ended (the core's proposal), up to yesterday.
    await page.waitForFunction((v) => document.querySelector('[data-testid="finance-from"]')?.value === v, dutch(from));
    equal(await page.inputValue(tid('finance-until')), dutch(lastOfMonthOrYesterday(from)), 'until: the month’s end or yesterday');
    equal(await page.locator(tid('finance-running')).count(), 0, 'a period before today: no warning');
    // A period up to today warns that today's market is still running.
    await page.fill(tid('finance-until'), dutch(addDays(DEMO_TODAY, 1)));
    await page.keyboard.press('Tab');
    await page.waitForSelector(tid('finance-running'));
    assert(/loopt nog|nog bezig/.test(await page.textContent(tid('finance-running'))), 'the warning says the market is still running');
    await accessible(page, 'finance export warning of a running market day');
    await watchProgress(page);

    // The rest of the history: run, progress arrives, Cancel.
    await page.fill(tid('finance-from'), dutch(from));
    await page.fill(tid('finance-until'), dutch(until));
    await page.click(tid('finance-run'));
    await page.waitForSelector(tid('job-progress'));
    // A progress event of the job came over the event stream: the count shows. Only then does
    // the server run the job (the app opens the stream first), so Cancel reaches it.
    await page.waitForSelector(tid('job-count'), { timeout: 20000 });
    await page.click(tid('job-cancel'));
    await page.waitForSelector(tid('job-progress'), { state: 'detached', timeout: 20000 });
    const cancelEvents = await page.evaluate(() => window.__progress);
    assert(cancelEvents.length > 0, 'progress events of the cancelled job');
    await page.waitForSelector(`${tid('form-error')}[data-code="cancelled"]`);
    equal((await page.textContent(tid('form-error'))).trim(), refused.body.message, 'the clerk reads the core’s message: nothing stored');
    equal(await rows(), stored(), 'still the two batches on the page');
    equal(q('SELECT count(*) FROM finance_batch'), '2', 'no batch stored');
    equal(files(), before, 'no file left in Downloads');

    // Again, to the end.
    await page.evaluate(() => (window.__progress = []));
    await page.click(tid('finance-run'));
    await page.waitForSelector(tid('job-progress'));
    await page.waitForSelector(tid('saved-file'), { timeout: 60000 });
    const batches = await api('finance_batches', {}, token);
    equal(batches.status, 200, 'finance_batches answers');
    const batch = batches.body[0];
    equal(batch.number, 3, 'the new batch is the next number (the cancelled ones used none)');
    equal([batch.from, batch.until, batch.madeBy, batch.markets], [from, until, 'financien', q("SELECT group_concat(code, ',') FROM (SELECT code FROM market ORDER BY code)").split(',')], 'the batch: the typed period, by financien, all markets');
    const { name, file } = await savedFile(page, 'the batch');
    equal(name, batch.fileName, 'the batch’s file');
    equal(name, `factuurdetail-batch-0003-${from}-${until}.csv`, 'its name carries the number and the period');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="batch-row"]').length === n, 3);
    equal(await rows(), stored(), 'the new batch in the list');
    const [lineCount, total, hash, id] = q(`SELECT line_count, total_incl_cents, sha256, id FROM finance_batch WHERE number = 3`).split('|');
    equal([batch.lines, batch.totalInclCents, batch.sha256], [Number(lineCount), Number(total), hash], 'finance_batches is the database’s batch');
    const summary = await page.textContent(tid('saved-summary'));
    assert(digits(summary).includes(String(batch.lines)), `the summary names the lines (${batch.lines}): ${summary}`);
    // The file: the kept rows, line by line, and the kept hash.
    equal(sha256(file), hash, 'the file’s SHA-256 is the one kept');
    const csv = csvRows(fs.readFileSync(file, 'utf8'));
    const header = csv[0];
    const data = csv.slice(1).filter((r) => r.length > 1);
    equal(data.length, batch.lines, 'a line in the file per kept line');
    const col = (n) => header.indexOf(n);
    const kept = bigSql(financeDb, `SELECT invoice_number || '|' || incl_cents FROM finance_batch_line WHERE batch_id = ${id} ORDER BY seq`).split('\n');
    equal(
      data.map((r) => `${r[col('Factuurnummer')]}|${cents(r[col('Incl. btw')])}`),
      kept,
      'each line of the file is the kept line (invoice number, amount incl.)',
    );
    assert(data.every((r) => r[col('Batch')] === '3'), 'every line names batch 3');
    equal(data.reduce((s, r) => s + cents(r[col('Incl. btw')]), 0), batch.totalInclCents, 'the lines add up to the batch total');
    // The rule: every invoice line of a valid permit of the period, once; none of an earlier batch.
    equal(
      q(`SELECT count(*) FROM finance_batch_line WHERE batch_id = ${id} AND invoice_line_id IS NOT NULL`),
      q(`SELECT count(*) FROM invoice_line il JOIN daily_permit p ON p.id = il.permit_id
          WHERE p.day BETWEEN '${from}' AND '${until}' AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)`),
      'the invoice lines of the valid permits of the period',
    );
    // The progress as it came over the event stream: the file's phase ends at its lines.
    const events = await page.evaluate(() => window.__progress);
    assert(events.length > 0, 'progress events of the job');
    const last = events[events.length - 1];
    equal([last.done, last.total], [batch.lines, batch.lines], `the last event: every line written (${JSON.stringify(last)})`);
    assert(events.every((e) => e.job === last.job && typeof e.phase === 'string' && e.phase.length > 0), 'one job, with its phases');

    // Rerun the oldest batch: the same bytes again, a file of its own, no new batch.
    const oldest = made[0].batch;
    await page.click(`${tid('batch-row')}[data-number="${oldest.number}"] ${tid('batch-rerun')}`);
    await page.waitForFunction(
      (n) => (document.querySelector('[data-testid="saved-file"]')?.dataset.fileName ?? '').startsWith(n.replace(/\.csv$/, '')),
      oldest.fileName,
      { timeout: 60000 },
    );
    const again = await savedFile(page, 'the rerun');
    assert(again.file !== made[0].file.path, `a new file beside the first one: ${again.name}`);
    equal(sha256(again.file), q(`SELECT sha256 FROM finance_batch WHERE number = ${oldest.number}`), 'the rerun has the kept hash');
    assert(fs.readFileSync(again.file).equals(fs.readFileSync(made[0].file.path)), 'byte for byte the file of the batch');
    const rerunSummary = await page.textContent(tid('saved-summary'));
    assert(rerunSummary.includes(String(oldest.number)), `the summary names batch ${oldest.number}: ${rerunSummary}`);
    equal(q('SELECT count(*) FROM finance_batch'), '3', 'a rerun makes no batch');
    // A cancel is answered 409 by markt serve; the browser logs that line itself.
    noProblems(
      problems.filter((p) => !/Failed to load resource: the server responded with a status of 409/.test(p)),
      'finance export',
    );
    equal(problems.length <= 1, true, `at most the one 409 of the cancel: ${JSON.stringify(problems)}`);
    await page.close();
  });

  // ── Lists, imports, overviews: one fresh copy ───────────────────────────────────────────
  const { db } = await startServer('reports');
  const q = (query) => sql(db, query);

  await suite.test('serve reports: a list export for a period', async () => {
    const problems = [];
    const from = `${DEMO_TODAY.slice(0, 7)}-01`;
    const until = DEMO_TODAY;
    const page = await login('supervisor', problems, '#/rapporten/exporteren');
    await page.waitForSelector(tid('list-export'));
    await page.selectOption(tid('list-kind'), 'permits');
    await page.fill(tid('list-from'), dutch(from));
    await page.fill(tid('list-until'), dutch(until));
    await page.click(tid('list-run'));
    await page.waitForSelector(tid('saved-file'), { timeout: 60000 });
    const { name, file } = await savedFile(page, 'the permits list');
    assert(/\.csv$/.test(name), `a CSV file: ${name}`);
    // Every permit of the period at every market, voided ones too (with their reason).
    const expected = q(`SELECT invoice_number FROM daily_permit WHERE day BETWEEN '${from}' AND '${until}' ORDER BY invoice_number`).split('\n');
    assert(expected.length > 100, `permits in the period: ${expected.length}`);
    const csv = csvRows(fs.readFileSync(file, 'utf8'));
    const data = csv.slice(1).filter((r) => r.length > 1);
    equal(data.length, expected.length, 'a line per permit of the period');
    const invoice = csv[0].findIndex((h) => /factuur/i.test(h));
    assert(invoice >= 0, `an invoice column: ${csv[0]}`);
    equal(data.map((r) => r[invoice]).sort(), expected, 'the permits of the period');
    const summary = await page.textContent(tid('saved-summary'));
    assert(digits(summary).includes(String(expected.length)), `the summary counts the rows (${expected.length}): ${summary}`);
    noProblems(problems, 'list export');
    await page.close();
  });

  await suite.test('serve reports: an import names each bad line and field, then applies the clean file', async () => {
    const problems = [];
    const { token } = await apiLogin('senior');
    const [a, b] = ['2001010101', '2001010102'];
    equal(q(`SELECT count(*) FROM vendor WHERE registration_number IN ('${a}', '${b}')`), '0', 'the numbers are new');
    const header = 'Erkenningsnummer;Voorletters;Achternaam;E-mail\n';
    const bad = `${header}${a};A.;Jansen;a@b.nl\nabc;B.;Pietersen;x\n${b};C.;;\n`;
    const good = `${header}${a};A.;Jansen-Import;a@b.nl\n${b};C.;de Wit;\n`;
    // The core's dry runs of both files, as any client gets them.
    const dry = async (text, job) => {
      const answer = await api('run_import', { kind: 'vendors', bytes: [...Buffer.from(text)], dryRun: true, job }, token);
      equal(answer.status, 200, `run_import dry run: ${JSON.stringify(answer.body).slice(0, 200)}`);
      return answer.body;
    };
    const badDry = await dry(bad, 'api-bad');
    const goodDry = await dry(good, 'api-good');
    assert(badDry.errors.length > 0 && goodDry.errors.length === 0, 'the core finds the bad lines, and none in the clean file');

    const page = await login('senior', problems, '#/rapporten/importeren');
    await page.waitForSelector(tid('import'));
    equal(await page.inputValue(tid('import-kind')), 'vendors', 'vendors first');
    await page.setInputFiles(tid('import-file'), { name: 'ondernemers.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    assert(await page.isDisabled(tid('import-apply')), 'no apply before a dry run');
    await page.click(tid('import-dry'));
    await page.waitForSelector(tid('import-errors'));
    const shown = await page.$$eval(tid('import-error'), (els) =>
      els.map((e) => `${e.dataset.line}|${e.dataset.column}|${e.querySelectorAll('td')[2].textContent.trim()}`),
    );
    equal(shown, badDry.errors.map((e) => `${e.line}|${e.column}|${e.reason}`), 'every bad line with its line, column and reason, as the core found them');
    assert(await page.isDisabled(tid('import-apply')), 'a file with bad lines cannot be applied');
    equal(q(`SELECT count(*) FROM vendor WHERE registration_number IN ('${a}', '${b}')`), '0', 'a dry run stores nothing');

    await page.setInputFiles(tid('import-file'), { name: 'ondernemers-goed.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.click(tid('import-dry'));
    await page.waitForSelector(`${tid('import-result')}[data-clean="true"]`);
    equal((await page.textContent(tid('import-added'))).trim(), String(goodDry.added.length), 'would add, as the core’s dry run says');
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-apply"]')?.disabled);
    equal(q(`SELECT count(*) FROM vendor WHERE registration_number IN ('${a}', '${b}')`), '0', 'still nothing stored');
    await page.click(tid('import-apply'));
    await page.waitForSelector(`${tid('import-result')}[data-applied="true"]`);
    equal((await page.textContent(tid('import-added'))).trim(), String(goodDry.added.length), 'added, as the dry run said');
    equal(
      q(`SELECT registration_number || '|' || surname FROM vendor WHERE registration_number IN ('${a}', '${b}') ORDER BY registration_number`).split('\n'),
      [`${a}|Jansen-Import`, `${b}|de Wit`],
      'both vendors stored',
    );
    assert(await page.isDisabled(tid('import-apply')), 'applied once: a new dry run is needed for another');
    noProblems(problems, 'import');
    await page.close();
  });

  await suite.test('serve reports: Overzichten draws revenue and saves it as CSV and PDF', async () => {
    const problems = [];
    const { token } = await apiLogin('finance');
    let page = await login('finance', problems, '#/rapporten/overzichten');
    // The page's own requests for figures, to ask the core the same.
    const asked = [];
    const record = (r) => {
      if (r.url().endsWith('/api/report_figures')) asked.push(JSON.parse(r.postData()));
    };
    page.on('request', record);
    await page.waitForSelector(tid('overviews'));

    /** Shows the chosen report; compares what the page shows with the core's answer to its request. */
    async function show(kind, as = token) {
      const n = asked.length;
      await page.click(tid('report-show'));
      await page.waitForFunction((k) => document.querySelector('[data-testid="report-result"]')?.dataset.report === k, kind);
      await page.waitForFunction(() => !document.querySelector('[data-testid="report-show"]')?.disabled);
      equal(asked.length, n + 1, `${kind}: one request`);
      const request = asked[n];
      equal(request.request.report, kind, `${kind}: the request`);
      const answer = await api('report_figures', request, as);
      equal(answer.status, 200, `report_figures ${kind}: ${JSON.stringify(answer.body).slice(0, 200)}`);
      const table = answer.body;
      equal((await page.textContent(tid('report-title'))).trim(), table.title, `${kind}: the core’s title`);
      equal(Number(await page.getAttribute(tid('report-table'), 'data-rows')), table.rows.length, `${kind}: the core’s rows`);
      const heads = await page.$$eval(`${tid('report-table')} thead th`, (els) => els.map((e) => e.textContent.trim()));
      equal(heads, table.columns.map((c) => c.nl), `${kind}: the core’s columns`);
      const shownRows = await page.$$eval(tid('report-row'), (els) => els.length);
      equal(shownRows, Math.min(table.rows.length, 500), `${kind}: the rows shown`);
      if (table.rows.length) {
        await page.waitForSelector(`${tid('report-chart')} canvas`);
        const firstCells = await page.$$eval(tid('report-row'), (els) => els.map((e) => e.querySelector('td').textContent.trim()));
        const text = (c) => (c.t === 'text' || c.t === 'date' ? c.v : null);
        if (text(table.rows[0][0]) !== null && table.columns[0].key !== 'date') {
          equal(firstCells, table.rows.slice(0, 500).map((r) => text(r[0])), `${kind}: the first column, row by row`);
        }
      } else {
        await page.waitForSelector(tid('report-empty'));
      }
      return { request, table };
    }

    // Revenue: this year by month, split by tariff kind (the screen's defaults).
    const { request, table } = await show('revenue');
    assert(table.rows.length > 0, 'revenue rows');
    // The money of each row as the page shows it is the core's.
    const incl = table.columns.findIndex((c) => c.key === 'incl');
    const shownIncl = await page.$$eval(tid('report-row'), (els, i) => els.map((e) => e.querySelectorAll('td')[i].textContent.trim()), incl);
    equal(shownIncl.map((t) => cents(t.replace(/^€\s*/, ''))), table.rows.slice(0, 500).map((r) => r[incl].cents), 'revenue incl., row by row');
    // And the core's revenue is the books': the invoice lines of the valid permits of the period.
    const books = Number(
      q(`SELECT coalesce(sum(il.incl_cents), 0) FROM invoice_line il JOIN daily_permit p ON p.id = il.permit_id
          WHERE p.day BETWEEN '${request.request.from}' AND '${request.request.until}'
            AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)`),
    );
    equal(table.rows.reduce((s, r) => s + r[incl].cents, 0), books, 'revenue incl. adds up to the invoice lines of the valid permits');

    // The PDF, saved in the server's Downloads folder.
    await page.click(tid('report-pdf'));
    await page.waitForFunction(() => /\.pdf$/.test(document.querySelector('[data-testid="saved-file"]')?.dataset.fileName ?? ''), null, { timeout: 60000 });
    const pdf = await savedFile(page, 'the PDF');
    equal(fs.readFileSync(pdf.file).subarray(0, 5).toString(), '%PDF-', 'a PDF');
    let pdfText = null;
    try {
      pdfText = execFileSync('pdftotext', ['-layout', pdf.file, '-'], { encoding: 'utf8' });
    } catch {
      // Without poppler-utils the text is not checked.
    }
    if (pdfText !== null) {
      const flat = pdfText.replace(/\s+/g, ' ');
      assert(flat.includes(table.title), `the PDF has the title ${table.title}`);
      const kind = table.columns.findIndex((c) => c.key === 'tariff_kind');
      const first = table.rows[0];
      assert(flat.includes(first[kind].v), `the PDF has the first row’s ${first[kind].v}`);
    }

    // The CSV: a line per row of the core's table.
    await page.click(tid('report-csv'));
    await page.waitForFunction(() => /\.csv$/.test(document.querySelector('[data-testid="saved-file"]')?.dataset.fileName ?? ''), null, { timeout: 60000 });
    const csvFile = await savedFile(page, 'the CSV');
    const csv = csvRows(fs.readFileSync(csvFile.file, 'utf8'));
    equal(csv[0], table.columns.map((c) => c.nl), 'the CSV’s header is the table’s columns');
    const data = csv.slice(1).filter((r) => r.length > 1 && r[0] !== '' && !/^totaal/i.test(r[0]));
    equal(data.length, table.rows.length, 'a CSV line per row');
    equal(data.map((r) => cents(r[incl])), table.rows.map((r) => r[incl].cents), 'the CSV’s amounts incl. are the core’s');

    // Finance reads the money's reports only: the fines' figures too, not the ones listed
    // by vendor or the day's occupancy, which the core refuses it.
    await page.click(tid('report-tickets'));
    await show('tickets');
    for (const k of ['occupancy', 'obligation', 'applicants', 'multiple']) {
      equal(await page.locator(tid(`report-${k}`)).count(), 0, `${k}: not offered to finance`);
      // A request complete for its report (the period of the last one, a quarter, a year, a split).
      const request = { ...asked[asked.length - 1].request, report: k, quarter: '2026-Q4', year: '2025/2026', by: 'day', split: null };
      const refused = await api('report_figures', { request }, token);
      equal(refused.status, 403, `${k}: the core refuses finance (${JSON.stringify(refused.body).slice(0, 160)})`);
    }
    noProblems(problems, 'overviews');
    await page.close();

    // A senior reads the others: each shows the core's table (and a chart when it has rows).
    const seniorProblems = [];
    const senior = await apiLogin('senior');
    page = await login('senior', seniorProblems, '#/rapporten/overzichten');
    page.on('request', record);
    await page.waitForSelector(tid('overviews'));
    for (const k of ['occupancy', 'obligation', 'applicants', 'multiple']) {
      await page.click(tid(`report-${k}`));
      await show(k, senior.token);
    }
    noProblems(seniorProblems, 'overviews (senior)');
    await page.close();
  });
}
