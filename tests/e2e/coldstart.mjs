// App cold start to a usable window, measured on a database of your choice (the city-scale
// demo for BENCHMARKS.md): tauri-driver starts the real app under Xvfb; the clock runs from
// asking for a session (the process is started) until the login form is on screen, and
// then from pressing "Aanmelden" until the first screen after it (Vandaag) is shown.
//
//   xvfb-run -a node coldstart.mjs --db /path/city.sqlite [--runs 5] [--app ../../target/release/marktkantoor]
//
// Not part of the test suite: a whole-process benchmark (see BENCHMARKS.md).
import { spawn } from 'node:child_process';
import { waitForPort } from './common.mjs';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { remote } from 'webdriverio';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const db = args.db;
if (!db || !fs.existsSync(db)) throw new Error('--db PATH: an existing Marktkantoor database');
const runs = Number(args.runs ?? 5);
const app = path.resolve(args.app ?? '../../target/release/marktkantoor');
const port = Number(process.env.MARKTKANTOOR_E2E_PORT ?? 4600);


const log = fs.openSync(path.join(os.tmpdir(), 'coldstart-tauri-driver.log'), 'a');
const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
  env: {
    ...process.env,
    MARKTKANTOOR_DB: db,
    WEBKIT_DISABLE_DMABUF_RENDERER: '1',
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
  },
  stdio: ['ignore', log, log],
  detached: true,
});
const results = [];
try {
  await waitForPort(port);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const b = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'warn',
      capabilities: {
        browserName: 'wry',
        'tauri:options': { application: app },
        'wdio:enforceWebDriverClassic': true,
      },
    });
    const user = await b.$('[data-testid="login-username"]');
    await user.waitForDisplayed({ timeout: 120000, interval: 20 });
    const window = performance.now() - t0;
    await user.setValue('toezicht');
    await (await b.$('[data-testid="login-password"]')).setValue('toezicht-2026');
    const t1 = performance.now();
    await (await b.$('[data-testid="login-submit"]')).click();
    await (await b.$('[data-testid="user-menu"]')).waitForDisplayed({ timeout: 60000, interval: 20 });
    const firstScreen = performance.now() - t1;
    results.push({ window, firstScreen });
    console.log(`run ${i + 1}: window usable ${window.toFixed(0)} ms, login to first screen ${firstScreen.toFixed(0)} ms`);
    await b.deleteSession();
  }
} finally {
  process.kill(-driver.pid, 'SIGKILL');
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `median of ${results.length}: window usable ${median(results.map((r) => r.window)).toFixed(0)} ms, ` +
    `login to first screen ${median(results.map((r) => r.firstScreen)).toFixed(0)} ms`,
);
