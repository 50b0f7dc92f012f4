// The browser-test harness: headless Debian Chromium through playwright-core, a fresh
// profile per run, every journey in its own context, screenshots as artifacts, and any
// page error or console error failing the journey. axe-core checks every page shown.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol, not added as a <script>: the app's
// Content-Security-Policy (rightly) refuses inline scripts, and it stays on for the tests.
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = process.env.TURNAKI_BROWSER_BASE;
const ARTIFACTS = process.env.TURNAKI_BROWSER_ARTIFACTS;

export async function launch() {
  // Playwright gives a non-persistent browser a fresh throwaway profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The clinic website that frames the booking widget is a page the browser serves
      // itself (no address), so it counts as public, and Local Network Access would refuse
      // it a frame on loopback; a real clinic site and a real deployment are both public.
      '--disable-features=LocalNetworkAccessChecks'],
  });
  return { browser, close: () => browser.close() };
}

/** One journey's context: its pages, their errors, screenshots and accessibility checks. */
export class Journey {
  constructor(browser, name) {
    this.browser = browser;
    this.name = name;
    this.errors = [];
    this.shots = 0;
    this.axeChecked = new Set();
    this.violations = [];
    mkdirSync(ARTIFACTS, { recursive: true });
  }

  /** A fresh visitor (own cookies and storage), optionally in a language. */
  async visitor(locale = 'es-CL') {
    const context = await this.browser.newContext({ baseURL: BASE, locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A 4xx the app handles (409 slot taken, 401 wrong password) is logged by Chromium
      // as a failed resource; that is the journey's point, not an error of the app.
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
        this.errors.push(`console: ${m.text()}`);
      }
    });
    return page;
  }

  async shot(page, what) {
    this.shots += 1;
    const file = path.join(ARTIFACTS, `${this.name}-${String(this.shots).padStart(2, '0')}-${what}.png`);
    await page.screenshot({ path: file, fullPage: true });
  }

  /** axe-core on the page as shown now; serious and critical violations fail the run. */
  async axe(page, what) {
    const key = `${new URL(page.url()).pathname}#${what}`;
    if (this.axeChecked.has(key)) return;
    this.axeChecked.add(key);
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        this.violations.push(`${key}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs the journeys in order; prints one line each and a summary; exits non-zero on failure. */
export async function run(journeys) {
  const { browser, close } = await launch();
  let failed = 0;
  const started = Date.now();
  for (const [name, body] of journeys) {
    const journey = new Journey(browser, name);
    const t0 = Date.now();
    try {
      await body(journey);
      if (journey.errors.length) throw new Error(journey.errors.join('\n'));
      if (journey.violations.length) throw new Error(`accessibility:\n${journey.violations.join('\n')}`);
      console.log(`ok     ${name} (${Date.now() - t0} ms, ${journey.shots} screenshots, ${journey.axeChecked.size} axe checks)`);
    } catch (e) {
      failed += 1;
      console.log(`FAILED ${name}: ${e.stack || e}`);
    }
  }
  await close();
  console.log(`browser journeys: ${journeys.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(failed ? 1 : 0);
}
