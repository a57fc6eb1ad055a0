import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and failed API answers seen so far. */
  problems: string[];
}

/**
 * A page in a fresh context that records every console error, page error and HTTP error,
 * signed in with `session` (a "name=value" cookie) when given.
 */
export async function openPage(browser: Browser, baseUrl: string, session?: string): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  if (session) {
    const [name, ...value] = session.split('=');
    await context.addCookies([{ name, value: value.join('='), url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return { page, context, problems };
}

/** Waits until the page has its heading and nothing is loading (no loading message, no busy region). */
export async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('#page-title') !== null &&
      document.querySelector('[data-state="loading"]') === null &&
      document.querySelector('[aria-busy="true"]') === null,
    undefined,
    { timeout: 20_000 },
  );
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core from node_modules, run in the page through the DevTools protocol (so the
 * page's CSP stays on), on the WCAG 2.2 AA tags. Returns the serious and critical
 * violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The number shown in a tile, by its label. */
export async function tileNumber(page: Page, label: string): Promise<number> {
  const text = await page.locator('.tile', { has: page.locator('.tile-label', { hasText: label }) }).locator('.tile-value').innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}
