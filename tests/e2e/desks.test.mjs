// Two desks of one office server, end to end: `markt serve` on a demo city, and two real app
// windows (two processes, two accounts), each started as the server's client
// (`--server URL`), each driven by a tauri-driver of its own. What one desk stores, the
// other shows without a reload; an allocation the other desk changed is said, not swapped
// under the clerk's hands. Run under Xvfb by tests/e2e/run.sh, after the one-desk suite.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';
import { byId, invoke, shot as shotAt, waitForPort } from './common.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const target = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const app = process.env.MARKTKANTOOR_APP ?? path.join(target, 'debug/marktkantoor');
const markt = process.env.MARKTKANTOOR_CLI ?? path.join(target, 'debug/markt');
const shots = process.env.MARKTKANTOOR_E2E_SHOTS || path.join(root, 'docs/screenshots');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'marktkantoor-desks-'));
const db = path.join(work, 'kantoor.sqlite');
// The drivers' ports: apart from the one-desk suite's (4444, 4445).
const base = Number(process.env.MARKTKANTOOR_E2E_DESK_PORT ?? 4450);

// A Monday morning; the demo's history ends the day before.
const NOW = '2026-11-30T07:30:00+01:00';
const MORNING = '2026-11-30';

const processes = [];
let server = null;

function sql(query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}


/** `markt serve` on the office's file; resolves with its address once it listens. */
async function startServer() {
  const proc = spawn(markt, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--ui', path.join(root, 'ui/dist')], {
    env: { ...process.env, MARKTKANTOOR_NOW: NOW },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`markt serve did not listen:\n${out}`)), 30000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /luistert op (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr.on('data', (chunk) => (out += chunk));
  });
}

/** A tauri-driver of its own for one desk (its WebKitWebDriver on the next port). */
async function startDriver(port, name) {
  const log = fs.openSync(path.join(work, `${name}-driver.log`), 'a');
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    env: {
      ...process.env,
      // The desk's own settings and documents, apart from the other desk's.
      MARKTKANTOOR_DB: path.join(work, name, 'marktkantoor.sqlite'),
      XDG_DOWNLOAD_DIR: path.join(work, name, 'Downloads'),
      WEBKIT_DISABLE_DMABUF_RENDERER: '1',
      WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  processes.push(driver);
  await waitForPort(port);
}

/** A desk: the app window as the server's client (`url`), or as it chose itself (none). */
async function desk(port, url = null) {
  const b = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      browserName: 'wry',
      'tauri:options': { application: app, args: url ? ['--server', url] : [] },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  await b.setTimeout({ implicit: 0 });
  return b;
}


async function login(b, user, password) {
  const name = await byId(b, 'login-username');
  await name.waitForDisplayed({ timeout: 30000 });
  // The login names the server the desk works on.
  const line = await (await byId(b, 'connection-line')).getText();
  assert.ok(line.includes(server.replace('http://', '')), `the desk names its server: ${line}`);
  await name.setValue(user);
  await (await byId(b, 'login-password')).setValue(password);
  await (await byId(b, 'login-submit')).click();
  await (await byId(b, 'user-menu')).waitForDisplayed({ timeout: 15000 });
}


async function shot(b, name) {
  await shotAt(b, path.join(shots, `${name}.png`));
}

let ans; // the senior at the first desk
let piet; // the supervisor at the second desk
const windows = []; // every other window a test opened

before(async () => {
  assert.ok(fs.existsSync(app), `the app binary is missing: ${app}`);
  execFileSync(markt, ['--db', db, 'demo', '--seed', '1', '--today', '2026-11-29'], { stdio: 'ignore' });
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer();
  await startDriver(base, 'balie-1');
  await startDriver(base + 2, 'balie-2');
  ans = await desk(base, server);
  piet = await desk(base + 2, server);
  await login(ans, 'medewerker', 'marktbureau-2026');
  await login(piet, 'toezicht', 'toezicht-2026');
});

after(async () => {
  for (const b of [ans, piet, ...windows]) await b?.deleteSession().catch(() => {});
  for (const p of processes) {
    try {
      if (p.spawnargs[0] === 'tauri-driver') process.kill(-p.pid, 'SIGKILL');
      else p.kill('SIGKILL');
    } catch {
      // Gone already.
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('a permit issued at the second desk appears in the first desk’s day view without a reload', async () => {
  await (await byId(ans, 'nav-vergunningen')).click();
  await (await byId(ans, 'tab-dagoverzicht')).click();
  const count = await byId(ans, 'dv-permits');
  await count.waitForDisplayed({ timeout: 15000 });
  const before = Number(await count.getText());
  const ac = Number(sql("SELECT id FROM market WHERE code = 'AC'"));
  assert.equal(before, Number(sql(`SELECT count(*) FROM daily_permit WHERE market_id = ${ac} AND day = '${MORNING}'`)));

  const vendorId = Number(
    sql(
      `SELECT v.id FROM vendor v JOIN registration r ON r.vendor_id = v.id AND r.voided = 0 AND r.market_id = ${ac}
        WHERE v.status = 'actief' AND r.status <> 'soll' AND (v.enforcement_until IS NULL OR v.enforcement_until < '${MORNING}')
          AND NOT EXISTS (SELECT 1 FROM daily_permit p WHERE p.vendor_id = v.id AND p.day = '${MORNING}')
        ORDER BY r.list_number LIMIT 1`,
    ),
  );
  const form = {
    marketId: ac, day: MORNING, vendorId, presence: 'zelf', substituteId: null, identifiedBy: 'getypt',
    requested: {}, stalls: [], note: '', payment: 'pin', overrideReason: 'plaats vrijgekomen', confirmedDay: null,
  };
  const issued = await invoke(piet, 'issue_permit', { form });
  assert.ok(issued.ok, `issued at the second desk: ${JSON.stringify(issued.err)}`);
  // The first desk shows it: no reload, no click.
  await ans.waitUntil(async () => Number(await (await byId(ans, 'dv-permits')).getText()) === before + 1, {
    timeout: 5000,
    timeoutMsg: 'the first desk’s day view did not follow',
  });
  assert.equal(Number(sql(`SELECT count(*) FROM daily_permit WHERE market_id = ${ac} AND day = '${MORNING}'`)), before + 1);
  await shot(ans, '37-two-desks-day-view');
});

test('an allocation the first desk changes is said at the second, with who, and read again on request', async () => {
  // The second desk looks at the allocation; the first runs it meanwhile.
  const admin = await byId(piet, 'nav-indeling');
  await admin.click();
  const dayname = await byId(piet, 'alloc-dayname');
  await dayname.waitForDisplayed({ timeout: 15000 });
  const day = await dayname.getAttribute('data-day');
  const marketId = Number(await (await byId(piet, 'alloc-market')).getValue());
  const ran = await invoke(ans, 'run_allocation', { marketId, day });
  assert.ok(ran.ok, `run at the first desk: ${JSON.stringify(ran.err)}`);
  const notice = await byId(piet, 'alloc-superseded');
  await notice.waitForDisplayed({ timeout: 5000 });
  const by = sql("SELECT display_name FROM account WHERE username = 'medewerker'");
  assert.ok((await notice.getText()).includes(by), `the notice names ${by}`);
  await shot(piet, '38-two-desks-superseded');
  await (await byId(piet, 'alloc-reload')).click();
  const title = await byId(piet, 'alloc-version-title');
  await title.waitForDisplayed({ timeout: 10000 });
  assert.ok((await title.getText()).includes(String(ran.ok.number)), 'the new version is shown');
  assert.equal(await (await byId(piet, 'alloc-superseded')).isExisting(), false, 'the notice is gone');
});

test('a new desk chooses the office server in Verbinding and starts on it', async () => {
  // A third computer, never started: the first-run screen, on this computer.
  await startDriver(base + 4, 'balie-3');
  const first = await desk(base + 4);
  windows.push(first);
  const line = await byId(first, 'connection-line');
  await line.waitForDisplayed({ timeout: 30000 });
  assert.equal(await line.getAttribute('data-mode'), 'local');
  await (await byId(first, 'connection-change')).click();
  await (await byId(first, 'connection-server')).click();
  // An address a desk may not use: plain HTTP to another computer is refused by name.
  const field = await byId(first, 'field-url');
  await field.setValue('http://10.0.0.5:8470');
  await (await byId(first, 'connection-save')).click();
  const dialog = await byId(first, 'connection-dialog');
  await first.waitUntil(async () => (await dialog.getText()).includes('https'), {
    timeout: 10000,
    timeoutMsg: 'the dialog says that another computer needs https',
  });
  assert.equal(fs.existsSync(path.join(work, 'balie-3', 'verbinding.json')), false, 'nothing saved');
  await shot(first, '39-connection-dialog');
  // The office server on this computer (plain HTTP is allowed to loopback): saved, and the
  // window starts again on it.
  await field.setValue(server);
  await (await byId(first, 'connection-save')).click();
  await (await byId(first, 'connection-saved')).waitForDisplayed({ timeout: 15000 });
  const saved = JSON.parse(fs.readFileSync(path.join(work, 'balie-3', 'verbinding.json'), 'utf8'));
  assert.ok(JSON.stringify(saved).includes(server), `the choice is kept: ${JSON.stringify(saved)}`);

  // The next start of the desk is the server's client: its login names the server. (The
  // driver holds one session: the restarted window's is ended first.)
  await first.deleteSession().catch(() => {});
  windows.splice(windows.indexOf(first), 1);
  const again = await desk(base + 4);
  windows.push(again);
  await login(again, 'beheer', 'beheer-2026');
  assert.ok(await (await byId(again, 'user-menu')).isDisplayed(), 'logged in on the server');
});
