// End-to-end tests through the real app window: the Marktkantoor binary, driven by
// tauri-driver and WebKitWebDriver, on a fresh demo database. Run under Xvfb by `./dev test`
// (see tests/e2e/run.sh). Screenshots of the main screens go to docs/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';

const root = path.resolve(import.meta.dirname, '../..');
const app = process.env.MARKTKANTOOR_APP ?? path.join(root, 'target/debug/marktkantoor');
const markt = process.env.MARKTKANTOOR_CLI ?? path.join(root, 'target/debug/markt');
const shots = path.join(root, 'docs/screenshots');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'marktkantoor-e2e-'));
const db = path.join(work, 'e2e.sqlite');
const port = 4444;

const ACCOUNTS = {
  admin: ['beheer', 'beheer-2026'],
  senior: ['medewerker', 'marktbureau-2026'],
  supervisor: ['toezicht', 'toezicht-2026'],
  finance: ['financien', 'financien-2026'],
};

let driver;

function sql(query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

async function waitForPort(p, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(p, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not listen on ${p}`);
}

before(async () => {
  assert.ok(fs.existsSync(app), `the app binary is missing: ${app}`);
  // The demo city with today's date, so "Vandaag" has markets.
  execFileSync(markt, ['--db', db, 'demo', '--seed', '1'], { stdio: 'ignore' });
  fs.mkdirSync(shots, { recursive: true });
  // The driver's output goes to a log file, not to our pipes: the test runner waits for its
  // pipes to close, and the app the driver starts would hold them open.
  const log = fs.openSync(path.join(work, 'tauri-driver.log'), 'a');
  driver = spawn('tauri-driver', ['--port', String(port)], {
    env: { ...process.env, MARKTKANTOOR_DB: db, WEBKIT_DISABLE_DMABUF_RENDERER: '1', WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
    stdio: ['ignore', log, log],
    detached: true,
  });
  await waitForPort(port);
});

after(() => {
  // The driver and everything it started (WebKitWebDriver, the app) form one process group.
  if (driver) process.kill(-driver.pid, 'SIGKILL');
});

async function launch() {
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      browserName: 'wry',
      'tauri:options': { application: app },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

const byId = (b, id) => b.$(`[data-testid="${id}"]`);

async function login(b, role) {
  const [user, password] = ACCOUNTS[role];
  const name = await byId(b, 'login-username');
  await name.waitForDisplayed({ timeout: 20000 });
  await name.setValue(user);
  await (await byId(b, 'login-password')).setValue(password);
  await (await byId(b, 'login-submit')).click();
  await (await byId(b, 'user-menu')).waitForDisplayed({ timeout: 10000 });
}

async function visibleNav(b) {
  const ids = [];
  for (const id of ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer']) {
    const el = await byId(b, `nav-${id}`);
    if ((await el.isExisting()) && (await el.isDisplayed())) ids.push(id);
  }
  return ids;
}

async function open(b, section) {
  await (await byId(b, `nav-${section}`)).click();
  await (await byId(b, 'screen-title')).waitForDisplayed({ timeout: 10000 });
}

/**
 * Waits a moment for the screen to settle, then saves a screenshot. WebKit takes a
 * snapshot at its next paint, and a static page never paints again: a 1-pixel dot that
 * flickers below notice keeps it painting until the shot is taken.
 */
async function shot(b, name) {
  await b.pause(800);
  await b.execute(() => {
    const dot = document.createElement('div');
    dot.id = 'e2e-paint';
    Object.assign(dot.style, { position: 'fixed', left: '0', top: '0', width: '1px', height: '1px', pointerEvents: 'none' });
    document.body.appendChild(dot);
    let on = false;
    const tick = () => {
      if (!dot.isConnected) return;
      on = !on;
      dot.style.opacity = on ? '0.01' : '0.02';
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const png = await b.takeScreenshot();
  await b.execute(() => document.getElementById('e2e-paint')?.remove());
  fs.writeFileSync(path.join(shots, `${name}.png`), Buffer.from(png, 'base64'));
}

/** Calls a command directly, as a page script could: the core must refuse what the role may not. */
async function invoke(b, command, args) {
  return b.executeAsync(
    (cmd, a, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, a).then(
        (ok) => done({ ok }),
        (err) => done({ err }),
      );
    },
    command,
    args,
  );
}

test('each role sees its own navigation', async () => {
  const expected = {
    admin: (nav) => assert.ok(['markten', 'ondernemers', 'beheer', 'rapporten'].every((x) => nav.includes(x)), `admin: ${nav}`),
    senior: (nav) => assert.ok(['markten', 'ondernemers'].every((x) => nav.includes(x)), `senior: ${nav}`),
    supervisor: (nav) => {
      assert.ok(nav.includes('ondernemers'), `supervisor: ${nav}`);
      assert.ok(!nav.includes('beheer'), `supervisor must not see Beheer: ${nav}`);
    },
    finance: (nav) => assert.deepEqual(nav, ['rapporten'], 'finance sees only the reports'),
  };
  for (const role of Object.keys(ACCOUNTS)) {
    const b = await launch();
    try {
      await login(b, role);
      expected[role](await visibleNav(b));
      const menu = await (await byId(b, 'user-menu')).getText();
      assert.ok(menu.length > 0, 'the user menu names the account');
    } finally {
      await b.deleteSession();
    }
  }
});

test('a supervisor cannot reach Beheer, and the core refuses its commands anyway', async () => {
  const b = await launch();
  try {
    await login(b, 'supervisor');
    assert.ok(!(await visibleNav(b)).includes('beheer'));
    const made = await invoke(b, 'create_account', {
      input: { username: 'indringer', displayName: 'Indringer', role: 'admin', password: 'lang-genoeg-1' },
    });
    assert.equal(made.err?.code, 'forbidden', JSON.stringify(made));
    const kind = await invoke(b, 'save_tariff_kind', {
      id: null,
      input: { code: 'x', invoiceLabel: 'x', unit: 'meters', vat: 'hoog', ledgerCode: '', vatCode: '' },
    });
    assert.equal(kind.err?.code, 'forbidden', JSON.stringify(kind));
    assert.equal(sql("SELECT count(*) FROM account WHERE username = 'indringer'"), '0');
    const list = await invoke(b, 'list_accounts', {});
    assert.equal(list.err?.code, 'forbidden');
  } finally {
    await b.deleteSession();
  }
});

test('a clerk finds a vendor, edits a field, and the change is stored', async () => {
  const [id, surname] = sql(
    "SELECT id, surname FROM vendor WHERE status = 'actief' AND surname NOT LIKE '% %' ORDER BY id LIMIT 1 OFFSET 40",
  ).split('|');
  const b = await launch();
  try {
    await shot(b, '01-inloggen');
    await login(b, 'senior');
    await open(b, 'ondernemers');
    const search = await byId(b, 'vendor-search');
    await search.setValue(surname);
    const row = await b.$(`[data-testid="vendor-row"][data-vendor-id="${id}"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    await shot(b, '03-ondernemers');
    await row.click();
    const form = await byId(b, 'vendor-form');
    await form.waitForDisplayed({ timeout: 10000 });

    // A bad e-mail address: the core's message appears next to the field, nothing stored.
    const email = await byId(b, 'field-email');
    const before = sql(`SELECT email FROM vendor WHERE id = ${id}`);
    await email.setValue('geen-adres');
    await (await byId(b, 'save')).click();
    const err = await b.$('[data-testid="field-error"][data-field="email"]');
    await err.waitForDisplayed({ timeout: 10000 });
    assert.equal(sql(`SELECT email FROM vendor WHERE id = ${id}`), before);

    await email.setValue('kraam@voorbeeld.nl');
    const phone = await byId(b, 'field-phone');
    await phone.setValue('020-5551234');
    await (await byId(b, 'save')).click();
    await (await byId(b, 'saved')).waitForDisplayed({ timeout: 10000 });
    await shot(b, '04-ondernemer');
    assert.equal(sql(`SELECT phone FROM vendor WHERE id = ${id}`), '020-5551234');
    assert.equal(sql(`SELECT email FROM vendor WHERE id = ${id}`), 'kraam@voorbeeld.nl');
    const audited = sql(
      `SELECT count(*) FROM audit_log WHERE entity = 'vendor' AND entity_id = '${id}' AND action = 'vendor.update'`,
    );
    assert.equal(audited, '1', 'the change is in the audit log');
  } finally {
    await b.deleteSession();
  }
});

test('printing: the core makes the PDF, and a missing printer is said plainly', async () => {
  const b = await launch();
  try {
    await login(b, 'supervisor');
    await open(b, 'markten');
    await (await b.$('=Albert Cuypmarkt')).click();
    await (await byId(b, 'stall-map')).waitForDisplayed({ timeout: 10000 });
    await (await byId(b, 'print-toggle')).click();
    await (await byId(b, 'print-panel')).waitForDisplayed({ timeout: 5000 });
    await (await byId(b, 'print-button-daily-list')).click();
    const outcome = async () => {
      for (const id of ['print-error', 'print-done']) if (await (await byId(b, id)).isExisting()) return id;
      return null;
    };
    await b.waitUntil(async () => (await outcome()) !== null, { timeout: 30000, timeoutMsg: 'no answer from print_document' });
    if ((await outcome()) === 'print-error') {
      // A machine without CUPS or without a default printer: said so, with where the PDF is.
      const error = await byId(b, 'print-error');
      assert.equal(await error.getAttribute('data-code'), 'no_printer', await error.getText());
      const text = await error.getText();
      const pdf = text.match(/(\/\S+?\.pdf)/)?.[1];
      assert.ok(pdf && /dagelijkse-marktlijst-AC-/.test(pdf), `the message names the file: ${text}`);
      assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-', 'the core wrote the PDF');
    }
    await shot(b, '13-afdrukken');
    // The command as a page script could call it: the core names what is missing.
    const r = await invoke(b, 'preview_document', { request: { document: 'receipt' } });
    assert.equal(r.err?.code, 'invalid', JSON.stringify(r));
    assert.equal(r.err.fields[0].field, 'payment');
  } finally {
    await b.deleteSession();
  }
});

test('screenshots of the main screens', async () => {
  const b = await launch();
  try {
    await login(b, 'admin');
    await shot(b, '02-vandaag');
    await open(b, 'markten');
    await shot(b, '05-markten');
    await (await b.$('=Albert Cuypmarkt')).click();
    await (await byId(b, 'stall-map')).waitForDisplayed({ timeout: 10000 });
    const stalls = await b.$$('[data-testid="stall"]');
    assert.ok(stalls.length > 30, `the stall map draws the stalls (${stalls.length})`);
    await shot(b, '06-plattegrond');
    await open(b, 'beheer');
    await shot(b, '07-beheer');
    await (await b.$('=Tariefsimulator')).click();
    await b.pause(500);
    await shot(b, '12-tariefsimulator');
    for (const [i, section] of ['indeling', 'vergunningen', 'controles', 'rapporten'].entries()) {
      await open(b, section);
      await shot(b, `${String(8 + i).padStart(2, '0')}-${section}`);
    }
  } finally {
    await b.deleteSession();
  }
});
