// A small harness for the browser flows (serve.mjs): headless Chromium through
// playwright-core, CSP and console watching, and a pass/fail summary.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * WCAG 2.1 AA as axe-core checks it (the level the EU web accessibility directive asks of a
 * city's intranet application): the serious and critical violations on the page as it is
 * now, each named with its rule and the first elements it found. axe is evaluated through
 * the DevTools protocol, so the page's CSP stays as strict as it is.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)})`),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.where.join(' | ')}`);
}

/** Clicks `selector` on `page` and answers the new tab it opens with the file the page fetched
 * for it from the office server (the request passes through a route that keeps a copy of
 * the server's answer): `{ tab, status, type, body }`. */
export async function opensTab(browser, page, selector) {
  let served = null;
  await page.route('**/api/file', async (route) => {
    const response = await route.fetch();
    served = { status: response.status(), type: response.headers()['content-type'], body: await response.body() };
    await route.fulfill({ response });
  });
  const tab = browser.waitForEvent('page');
  await page.click(selector);
  const opened = await tab;
  await page.unroute('**/api/file');
  assert(served, 'the page fetched the file from the server');
  equal(served.status, 200, 'the server hands the file');
  return { tab: opened, ...served };
}

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
