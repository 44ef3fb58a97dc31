// Documents and files in a browser (called from serve.mjs): the office server makes the PDF,
// the browser shows it in a tab of its own (where the desk's printer prints it), and a saved
// export comes to the desk as a download. Every file is compared with the server's copy.
//
// ctx: see serve.mjs.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { opensTab as opensTabOf } from './harness.mjs';

export async function servePrintFlows({ suite, startServer, login, sql, tid, assert, equal, noProblems, browser, AC, MORNING }) {
  let server = null;

  /** The pages of a PDF, by poppler's pdfinfo (installed by ./dev test). */
  function pages(file) {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  }

  const opensTab = (page, selector) => opensTabOf(browser, page, selector);

  await suite.test('serve print: preview and print open the core’s PDF in a tab of the browser', async () => {
    server = await startServer('print');
    const problems = [];
    const page = await login('senior', problems, `#/markten/${AC}`);
    await page.waitForSelector(tid('stall-map'));
    await page.focus(tid('print-toggle'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('print-panel'));

    // Preview: the daily list, made by the core on the server, shown here.
    const preview = await opensTab(page, tid('preview-daily-list'));
    equal(preview.type, 'application/pdf', 'a PDF');
    equal(preview.body.subarray(0, 5).toString('latin1'), '%PDF-', 'the PDF itself');
    assert(preview.tab.url().startsWith('blob:'), `the tab shows the fetched file: ${preview.tab.url()}`);
    await page.waitForSelector(tid('print-done'));
    const done = await page.textContent(tid('print-done'));
    const name = /(dagelijkse-marktlijst-AC-\d{4}-\d{2}-\d{2}\.pdf)/.exec(done)?.[1];
    assert(name, `the message names the file: ${done}`);
    assert(name.includes(MORNING), `the panel’s day is the server’s today, ${MORNING}: ${name}`);
    // The bytes are the server's file, and the page count the message gives is the PDF's.
    const local = `${server.db}-${name}`;
    fs.writeFileSync(local, preview.body);
    const n = pages(local);
    assert(n >= 1, 'pages');
    assert(done.includes(`${n} pagina`), `the message says ${n} page(s): ${done}`);
    await preview.tab.close();

    // Print: the server's printer is not the desk's; the PDF opens here to print with Ctrl+P.
    const printed = await opensTab(page, tid('print-button-day-close'));
    equal(printed.body.subarray(0, 5).toString('latin1'), '%PDF-', 'the day close as PDF');
    await page.waitForFunction(() => /Kasopmaak|kasopmaak/.test(document.querySelector('[data-testid="print-done"]')?.textContent ?? ''));
    const said = await page.textContent(tid('print-done'));
    assert(/nieuw tabblad/.test(said) && /Ctrl\+P/.test(said), `says where to print: ${said}`);
    equal(await page.locator(tid('print-error')).count(), 0, 'no error');
    await printed.tab.close();

    // Another day: the panel follows the day picker, and so does the document.
    await page.click('button[aria-label="Volgende dag"]');
    const next = await opensTab(page, tid('preview-permit-list'));
    await next.tab.close();
    await page.waitForFunction(() => /Dagvergunningen/.test(document.querySelector('[data-testid="print-done"]')?.textContent ?? ''));
    const nextDone = await page.textContent(tid('print-done'));
    const nextDay = /(\d{4}-\d{2}-\d{2})\.pdf/.exec(nextDone)?.[1];
    assert(nextDay && nextDay > name.slice(-14, -4), `a later day: ${nextDone}`);
    noProblems(problems, 'print');
    await page.close();
  });

  await suite.test('serve print: a file of another session is not handed out', async () => {
    // The senior's page made a document above; a supervisor's session asks for it by path.
    const problems = [];
    const page = await login('supervisor', problems);
    await page.waitForSelector(tid('today-markets'));
    const answer = await page.evaluate(async () => {
      const post = async (command, body, token) => {
        const r = await fetch(`/api/${command}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: r.status, text: await r.text() };
      };
      const a = JSON.parse((await post('login', { username: 'medewerker', password: 'marktbureau-2026' })).text).token;
      const b = JSON.parse((await post('login', { username: 'toezicht', password: 'toezicht-2026' })).text).token;
      const made = JSON.parse((await post('make_document', { request: { document: 'barcodes', marketId: 1, day: '2026-11-27' } }, a)).text);
      return {
        own: await post('file', { path: made.path }, a),
        other: await post('file', { path: made.path }, b),
        passwd: await post('file', { path: '/etc/passwd' }, a),
      };
    });
    equal(answer.own.status, 200, 'the session that made it');
    assert(answer.own.text.startsWith('%PDF-'), 'gets the PDF');
    equal(answer.other.status, 404, 'another session');
    equal(answer.passwd.status, 404, 'a file the server did not make');
    equal(
      problems.filter((p) => !/Failed to load resource: the server responded with a status of 404/.test(p)),
      [],
      'nothing but the 404s in the console',
    );
    await page.close();
  });

  await suite.test('serve print: a saved list export comes to the desk as a download', async () => {
    const problems = [];
    const page = await login('supervisor', problems, '#/rapporten/exporteren');
    await page.waitForSelector(tid('list-export'));
    await page.selectOption(tid('list-kind'), 'vendors');
    await page.click(tid('list-run'));
    await page.waitForSelector(tid('saved-file'), { timeout: 30000 });
    const serverPath = await page.getAttribute(tid('saved-file'), 'data-path');
    const name = await page.getAttribute(tid('saved-file'), 'data-file-name');
    assert(fs.existsSync(serverPath), `the server saved ${serverPath}`);
    // "Open file" over HTTP: the file itself comes to this desk, byte for byte the server's.
    const download = page.waitForEvent('download');
    await page.click(tid('open-file'));
    const got = await download;
    equal(got.suggestedFilename(), name, 'the download has the file’s name');
    const here = await got.path();
    equal(fs.readFileSync(here).equals(fs.readFileSync(serverPath)), true, 'the same bytes as the server’s file');
    const lines = fs.readFileSync(here, 'utf8').trim().split(/\r?\n/).length - 1;
    equal(String(lines), sql(server.db, 'SELECT count(*) FROM vendor'), 'a line per vendor of the database');
    noProblems(problems, 'download');
    await page.close();
  });
}
