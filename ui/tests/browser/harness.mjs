// A small harness for the browser flows (serve.mjs): headless Chromium through
// playwright-core, CSP and console watching, and a pass/fail summary.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';

export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Date inputs as a Dutch desk shows them (dd-mm-jjjj).
    '--lang=nl-NL',
  ];
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args,
    env: { ...process.env, LANG: 'nl_NL.UTF-8', LANGUAGE: 'nl' },
    viewport: { width: 1280, height: 720 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  return { browser, userDataDir };
}

/** A fresh page that records CSP violations, console errors and page errors. */
export async function newPage(context, problems) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.setDefaultTimeout(5000);
  return page;
}

export class Suite {
  results = [];
  async test(name, fn) {
    const started = Date.now();
    try {
      await fn();
      this.results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      this.results.push({ name, ok: false, error: e });
      console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
    }
  }
  summary() {
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    console.log(`\n${passed} passed, ${failed} failed`);
    return failed;
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function equal(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
