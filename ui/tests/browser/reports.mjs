// Browser flows of Rapporten against the mock: the finance export with its progress bar and
// cancel, a rerun, a list export, an import whose dry run names every bad line before the
// clean file is applied, and the Overzichten with their chart, table, CSV and PDF. Called
// from run.mjs. The mock's today is Saturday 28-11-2026; it made the batches of September
// and October already.

export async function reportFlows({ suite, login, tid, shot, assert, equal, noHorizontalScroll }) {
  await suite.test('Rapporten: finance makes a batch with progress, cancels one, reruns one', async () => {
    // `?step=` slows the mock's jobs so the bar shows and Cancel can be pressed.
    const page = await login('finance', '#/rapporten/financieel', '?step=60');
    await page.waitForSelector(tid('finance-form'));
    await noHorizontalScroll(page, 'finance export');
    equal(await page.$$eval(tid('batch-row'), (els) => els.length), 2, 'the two batches the mock made');
    // October is the default period: already exported, so move to November.
    await page.fill(tid('finance-from'), '01-11-2026');
    await page.fill(tid('finance-until'), '27-11-2026');
    await page.click(tid('finance-run'));
    await page.waitForSelector(tid('job-progress'));
    await page.click(tid('job-cancel'));
    await page.waitForSelector(tid('job-progress'), { state: 'detached' });
    equal(await page.$$eval(tid('batch-row'), (els) => els.length), 2, 'a cancelled export made no batch');
    assert(/afgebroken|niets/i.test(await page.textContent('main')), 'the clerk reads that nothing was stored');

    await page.click(tid('finance-run'));
    await page.waitForSelector(tid('job-progress'));
    await shot(page, '40-financiele-export-voortgang');
    await page.waitForSelector(tid('saved-file'), { timeout: 20000 });
    const saved = await page.getAttribute(tid('saved-file'), 'data-file-name');
    assert(saved.includes('factuurdetail-batch-0003.csv'), `the new batch's file: ${saved}`);
    equal(await page.$$eval(tid('batch-row'), (els) => els.length), 3, 'the new batch in the list');
    await shot(page, '41-financiele-export');

    await page.click(`${tid('batch-row')}:last-child ${tid('batch-rerun')}`);
    await page.waitForFunction(() => /0001/.test(document.querySelector('[data-testid="saved-file"]')?.dataset.fileName ?? ''), null, { timeout: 20000 });
    await page.close();
  });

  await suite.test('Rapporten: a list export for a period', async () => {
    const page = await login('supervisor', '#/rapporten/exporteren');
    await page.waitForSelector(tid('list-export'));
    await page.selectOption(tid('list-kind'), 'permits');
    await page.click(tid('list-run'));
    await page.waitForSelector(tid('saved-file'), { timeout: 20000 });
    const name = await page.getAttribute(tid('saved-file'), 'data-file-name');
    assert(/^dagvergunningen-.*\.csv$/.test(name), `the permits file: ${name}`);
    await page.close();
  });

  await suite.test('Rapporten: an import names each bad line and field, then applies the clean file', async () => {
    const page = await login('senior', '#/rapporten/importeren');
    await page.waitForSelector(tid('import'));
    const header = 'Erkenningsnummer;Voorletters;Achternaam;E-mail\n';
    const bad = header + '2001010101;A.;Jansen;a@b.nl\nabc;B.;Pietersen;x\n2001010102;C.;;\n';
    await page.setInputFiles(tid('import-file'), { name: 'ondernemers.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    assert(await page.isDisabled(tid('import-apply')), 'no apply before a dry run');
    await page.click(tid('import-dry'));
    await page.waitForSelector(tid('import-errors'));
    const rows = await page.$$eval(tid('import-error'), (els) => els.map((e) => `${e.dataset.line}:${e.dataset.column}`));
    equal(rows.join(' '), '3:Erkenningsnummer 3:E-mail 4:Achternaam', 'every bad line with its line and column');
    assert(await page.isDisabled(tid('import-apply')), 'a file with bad lines cannot be applied');
    await shot(page, '42-import-proefdraai');

    const good = header + '2001010101;A.;Jansen-Import;a@b.nl\n2001010102;C.;de Wit;\n';
    await page.setInputFiles(tid('import-file'), { name: 'ondernemers-goed.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.click(tid('import-dry'));
    await page.waitForSelector(tid('import-result'));
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-apply"]')?.disabled);
    await page.click(tid('import-apply'));
    await page.waitForSelector(`${tid('import-result')}[data-applied="true"]`);
    equal((await page.textContent(tid('import-added'))).trim(), '2', 'both vendors added');
    assert(await page.isDisabled(tid('import-apply')), 'applied once: a new dry run is needed for another');
    await page.close();
  });

  await suite.test('Rapporten: Overzichten draws revenue and saves it as CSV and PDF', async () => {
    const page = await login('finance', '#/rapporten/overzichten');
    await page.waitForSelector(tid('overviews'));
    await page.click(tid('report-show'));
    await page.waitForSelector(`${tid('report-chart')} canvas`);
    await page.waitForSelector(tid('report-row'));
    await noHorizontalScroll(page, 'overviews');
    await shot(page, '43-overzicht-opbrengst');
    await page.click(tid('report-pdf'));
    await page.waitForSelector(tid('saved-file'));
    const pdf = await page.getAttribute(tid('saved-file'), 'data-file-name');
    assert(/^overzicht-.*\.pdf$/.test(pdf), `the PDF saved: ${pdf}`);
    await page.click(tid('report-csv'));
    await page.waitForFunction(() => /\.csv$/.test(document.querySelector('[data-testid="saved-file"]')?.dataset.fileName ?? ''));
    // Every other report shows a table (and a chart when it has rows).
    for (const k of ['occupancy', 'obligation', 'applicants', 'multiple', 'tickets']) {
      await page.click(tid(`report-${k}`));
      await page.click(tid('report-show'));
      await page.waitForFunction(
        (kind) => document.querySelector('[data-testid="report-result"]')?.dataset.report === kind || !!document.querySelector('[data-testid="report-empty"]'),
        k,
      );
    }
    await page.close();
  });
}
