import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, tableFromJSON, tableToIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pages } from '../../../dashboard/src/pages/pages.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { openPage, seriousAxeViolations, tileNumber, waitForIdle, type WatchedPage } from './pageHelpers.ts';
import { startDashboard, type AccountName, type RunningDashboard } from './startDashboard.ts';

// The dashboard in headless Chromium against the real server and a sample database:
// every page renders real data without errors and passes axe; filters change the numbers
// and the URL; drill-downs list the right rows; exports download files that open; the
// keyboard alone can reach and work the navigation and the filters.
let d: RunningDashboard;
let w: WatchedPage;

beforeAll(async () => {
  d = await startDashboard();
}, 120_000);

afterAll(async () => {
  await w?.page.unrouteAll({ behavior: 'ignoreErrors' });
  await d?.close();
});

async function fresh(path = '/', account: AccountName = 'analyst'): Promise<Page> {
  // Routes a test added may still be answering: let them go quietly with the old context.
  await w?.page.unrouteAll({ behavior: 'ignoreErrors' });
  await w?.context.close();
  w = await openPage(d.browser, d.url, d.sessions[account]);
  await w.page.goto(path);
  await waitForIdle(w.page);
  return w.page;
}

const search = (page: Page) => new URL(page.url()).searchParams;

describe('every page', () => {
  for (const info of pages) {
    it(`${info.title}: renders real data, no errors, no serious or critical axe violations`, async () => {
      const page = await fresh(info.id === pages[0].id ? '/' : `/?page=${info.id}`);
      expect(await page.locator('h1').innerText()).toBe(info.title);
      // Real data: a table with rows or a drawn chart, and no error or empty message standing in for the page.
      const content = await page.locator('main table tbody tr, main svg[aria-label], main .tile-value').count();
      expect(content, 'the page shows data').toBeGreaterThan(0);
      expect(await page.locator('main [data-state="error"]').allInnerTexts()).toEqual([]);
      expect(await page.title()).toContain(info.title);
      const violations = await seriousAxeViolations(page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      expect(w.problems).toEqual([]);
    });
  }
});

describe('reflow', () => {
  it('no page scrolls sideways at 320 CSS pixels (WCAG 1.4.10); wide tables scroll in their own region', async () => {
    const page = await fresh('/');
    await page.setViewportSize({ width: 320, height: 800 });
    for (const info of pages) {
      await page.goto(info.id === pages[0].id ? '/' : `/?page=${info.id}`);
      await waitForIdle(page);
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, info.title).toBeLessThanOrEqual(client);
    }
    expect(w.problems).toEqual([]);
  });
});

describe('loading, empty and error states', () => {
  it('says when it is loading, when there is nothing, and when something failed', async () => {
    let page = await fresh('/');
    // Loading: hold one answer back.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/indicators/supporting_families_trend*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/?page=outcomes');
    await page.getByRole('status').filter({ hasText: 'Loading the trend…' }).waitFor({ state: 'visible' });
    release();
    await waitForIdle(page);

    // Empty: a period before any data.
    page = await fresh('/?page=outcomes&from=2001-01-01&to=2001-01-31');
    const empty = page.locator('[data-state="empty"]', { hasText: 'No family became eligible or reached a successful outcome in the period.' });
    expect(await empty.getAttribute('role')).toBe('status');

    // Error: the server fails one indicator; the page says which, and the rest still shows.
    await page.route('**/api/indicators/stage_transitions*', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'Something went wrong on the server.' }) }),
    );
    await page.goto('/?page=distance&tool=family_star_plus');
    await waitForIdle(page);
    const error = page.getByRole('alert');
    expect(await error.innerText()).toBe('Could not load stage transitions. The server could not answer: Something went wrong on the server.');
    expect(await page.locator('main svg[aria-label]').count()).toBeGreaterThan(0);
    expect(w.problems.filter((p) => !/500/.test(p))).toEqual([]);
  });

  it('offers a reload when an answer comes from a newer load of the database', async () => {
    const page = await fresh('/');
    await page.route('**/api/indicators/**', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'x-data-version': 'a-newer-load' } });
    });
    await page.getByLabel('SEND').selectOption('true');
    await page.getByRole('status').filter({ hasText: 'A new load of the data has arrived' }).waitFor({ state: 'visible' });
    expect(w.problems).toEqual([]);
  });
});

describe('filters', () => {
  it('a service filter changes the numbers and the URL, and Back undoes it', async () => {
    const page = await fresh('/');
    const all = await tileNumber(page, 'Referrals in the period');
    expect(all).toBeGreaterThan(0);

    await page.getByRole('button', { name: /^Service/ }).click();
    await page.getByRole('checkbox', { name: 'FIT' }).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => search(page).getAll('service')).toEqual(['FIT']);
    await waitForIdle(page);
    const fit = await tileNumber(page, 'Referrals in the period');
    expect(fit).toBeGreaterThan(0);
    expect(fit).toBeLessThan(all);

    // The URL reproduces the view in a new page.
    const again = await openPage(d.browser, d.url, d.sessions.analyst);
    await again.page.goto(page.url());
    await waitForIdle(again.page);
    expect(await tileNumber(again.page, 'Referrals in the period')).toBe(fit);
    await again.context.close();

    await page.goBack();
    await expect.poll(() => search(page).getAll('service')).toEqual([]);
    await waitForIdle(page);
    expect(await tileNumber(page, 'Referrals in the period')).toBe(all);
    expect(w.problems).toEqual([]);
  });

  it('a financial year sets April-March dates in the URL and narrows the numbers', async () => {
    const page = await fresh('/?page=outcomes');
    const all = await tileNumber(page, 'Eligible families');
    const period = page.getByLabel('Period');
    const fy = await period.locator('option', { hasText: /^FY \d{4}\/\d{2}$/ }).first().getAttribute('value');
    await period.selectOption(fy!);
    await expect.poll(() => search(page).get('from')).toMatch(/^\d{4}-04-01$/);
    expect(search(page).get('to')).toMatch(/^\d{4}-03-31$/);
    expect(search(page).get('page')).toBe('outcomes');
    await waitForIdle(page);
    const inYear = await tileNumber(page, 'Eligible families');
    expect(inYear).toBeLessThan(all);
    expect(w.problems).toEqual([]);
  });

  it('a person filter (SEND) reaches every panel of a page', async () => {
    const page = await fresh('/?page=distance');
    const pairs = () => page.locator('main table').first().locator('tbody tr td:nth-child(2)').first().innerText();
    const before = await pairs();
    await page.getByLabel('SEND').selectOption('true');
    await expect.poll(() => search(page).get('send')).toBe('true');
    await waitForIdle(page);
    expect(await pairs()).not.toBe(before);
    expect(w.problems).toEqual([]);
  });
});

describe('drill-down', () => {
  it('lists exactly the rows behind a number, with the filters', async () => {
    const page = await fresh('/?service=FIT');
    const open = await tileNumber(page, 'Open now');
    expect(open).toBeGreaterThan(0);
    await page.locator('.tile', { hasText: 'Open now' }).locator('.drill-button').click();
    const dialog = page.getByRole('dialog', { name: 'Open episodes' });
    await dialog.waitFor({ state: 'visible' });
    await expect.poll(() => dialog.locator('.drill-count').innerText()).toBe(`Rows 1–${Math.min(open, 25)} of ${open.toLocaleString('en-GB')}`);
    const column = async (name: string) => {
      const headers = await dialog.locator('thead th').allInnerTexts();
      const i = headers.indexOf(name);
      expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
      return dialog.locator(`tbody tr td:nth-child(${i + 1})`).allInnerTexts();
    };
    expect(new Set(await column('Status'))).toEqual(new Set(['open']));
    expect(new Set(await column('Service'))).toEqual(new Set(['FIT']));
    // Identifiers are pseudonymised.
    for (const id of await column('Episode id')) expect(id).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Focus goes back to the number that opened it.
    expect(await page.evaluate(() => document.activeElement?.closest('.tile')?.querySelector('.tile-label')?.textContent)).toBe('Open now');
    expect(w.problems).toEqual([]);
  });

  it('exports the rows behind a number from the dialog: every row, not only the page shown', async () => {
    const page = await fresh('/?service=FIT');
    const open = await tileNumber(page, 'Open now');
    await page.locator('.tile', { hasText: 'Open now' }).locator('.drill-button').click();
    const dialog = page.getByRole('dialog', { name: 'Open episodes' });
    await expect.poll(() => dialog.locator('.drill-count').innerText()).toBe(`Rows 1–${Math.min(open, 25)} of ${open.toLocaleString('en-GB')}`);
    const shown = await dialog.locator('tbody tr td:nth-child(2)').allInnerTexts();
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: /^Export CSV ?: Open episodes$/ }).click();
    const file = await download;
    const path = join(d.dir, file.suggestedFilename());
    await file.saveAs(path);
    const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(open);
    const header = lines[0].split(',');
    const status = header.indexOf('status');
    const service = header.indexOf('service');
    for (const l of lines.slice(1)) expect([l.split(',')[status], l.split(',')[service]]).toEqual(['open', 'FIT']);
    // The episodes on the dialog's first page are in the file (pseudonymised the same way).
    const ids = new Set(lines.slice(1).map((l) => l.split(',')[header.indexOf('episode_id')]));
    for (const id of shown) expect(ids.has(id), id).toBe(true);
    expect(w.problems).toEqual([]);
  });

  it('pages through the rows, every row once', async () => {
    const page = await fresh('/');
    const referrals = await tileNumber(page, 'Referrals in the period');
    await page.locator('.tile', { hasText: 'Referrals in the period' }).locator('.drill-button').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('.drill-count').innerText()).toBe(`Rows 1–25 of ${referrals.toLocaleString('en-GB')}`);
    const ids = new Set(await dialog.locator('tbody tr td:nth-child(2)').allInnerTexts());
    await dialog.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => dialog.locator('.drill-count').innerText()).toBe(`Rows 26–50 of ${referrals.toLocaleString('en-GB')}`);
    for (const id of await dialog.locator('tbody tr td:nth-child(2)').allInnerTexts()) ids.add(id);
    expect(ids.size).toBe(50);
    await dialog.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => dialog.locator('.drill-count').innerText()).toBe(`Rows 1–25 of ${referrals.toLocaleString('en-GB')}`);
    expect(w.problems).toEqual([]);
  });

  it('a count in a table opens its rows (distance travelled pairs improved)', async () => {
    const page = await fresh('/?page=distance');
    const cell = page.locator('main table').first().locator('tbody tr').first().getByRole('button').nth(1);
    const n = Number((await cell.innerText()).replace(/\D/g, ''));
    await cell.click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('.drill-count').innerText()).toMatch(new RegExp(`of ${n.toLocaleString('en-GB')}$`));
    const headers = await dialog.locator('thead th').allInnerTexts();
    const improved = await dialog.locator(`tbody tr td:nth-child(${headers.indexOf('Improved') + 1})`).allInnerTexts();
    expect(new Set(improved)).toEqual(new Set(['Yes']));
    expect(w.problems).toEqual([]);
  });
});

describe('drill-down by team (Practice standards and caseloads)', () => {
  /** The number a drill button shows (its accessible name goes on after a colon with the rows' title). */
  const shown = async (button: ReturnType<Page['locator']>) => Number((await button.innerText()).split(':')[0].replace(/\D/g, ''));
  const table = (page: Page, caption: string) => page.locator('main table', { has: page.locator('caption', { hasText: caption }) });

  /** Clicks every count in a table and checks the dialog lists exactly that many rows. */
  async function everyDrillMatches(page: Page, caption: string): Promise<number> {
    const buttons = table(page, caption).locator('tbody .drill-button');
    const count = await buttons.count();
    for (let i = 0; i < count; i++) {
      const button = buttons.nth(i);
      const n = await shown(button);
      const row = (await button.locator('xpath=ancestor::tr').locator('td').first().innerText()).trim();
      await button.click();
      const dialog = page.getByRole('dialog');
      await expect
        .poll(() => dialog.locator('.drill-count').innerText(), { message: `${caption}: ${row}, ${await button.innerText()}` })
        .toBe(`Rows 1–${Math.min(n, 25)} of ${n.toLocaleString('en-GB')}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    return count;
  }

  for (const path of ['/?page=practice', '/?page=practice&locality=Madeley']) {
    it(`a team's number opens that team's rows only (${path})`, async () => {
      const page = await fresh(path);
      expect(await everyDrillMatches(page, 'Open episodes by team')).toBeGreaterThan(0);
      // No worker of the test database is over their limit (no button): the next test checks that drill-down's request.
      await everyDrillMatches(page, 'Caseloads by team');
      // One team's rows carry that team's name.
      const first = table(page, 'Open episodes by team').locator('tbody tr', { has: page.locator('.drill-button') }).first();
      const team = (await first.locator('td').first().innerText()).trim();
      await first.locator('.drill-button').first().click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('tbody tr').first().waitFor();
      const headers = await dialog.locator('thead th').allInnerTexts();
      expect(new Set(await dialog.locator(`tbody tr td:nth-child(${headers.indexOf('Team') + 1})`).allInnerTexts())).toEqual(new Set([team]));
      await page.keyboard.press('Escape');
      expect(w.problems).toEqual([]);
    });
  }

  it("a team's workers over their limit are asked for by that team and its service", async () => {
    // The test database has nobody over their limit, so one team's answer says it has one:
    // the drill-down must ask for that team's workers, not every team's.
    let page = await fresh('/');
    await page.route('**/api/indicators/caseload_summary?*', async (route) => {
      const response = await route.fetch();
      // Plain values tableFromJSON can write again: numbers, and dates as YYYY-MM-DD text (as the client reads them).
      const plainValue = (k: string, v: unknown) =>
        typeof v === 'bigint' ? Number(v) : k === 'month_end' && v !== null ? new Date(v as number | Date).toISOString().slice(0, 10) : v;
      const plain = tableFromIPC(await response.body())
        .toArray()
        .map((r) => Object.fromEntries(Object.entries(r.toJSON() as Record<string, unknown>).map(([k, v]) => [k, plainValue(k, v)])));
      const latest = plain.reduce((m, r) => (String(r.month_end) > m ? String(r.month_end) : m), '');
      const mine = plain.find((r) => r.month_end === latest && r.team);
      mine!.workers_over_limit = 1;
      await route.fulfill({ response, body: Buffer.from(tableToIPC(tableFromJSON(plain))) });
    });
    const asked: URL[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/rows/caseloads')) asked.push(new URL(r.url()));
    });
    await page.goto('/?page=practice');
    await waitForIdle(page);
    const button = table(page, 'Caseloads by team').locator('tbody .drill-button');
    expect(await button.count()).toBe(1);
    const row = button.locator('xpath=ancestor::tr');
    const team = (await row.locator('td').first().innerText()).trim();
    asked.length = 0;
    await button.click();
    await page.getByRole('dialog').locator('.drill-count').waitFor();
    expect(asked.map((u) => [u.searchParams.getAll('team'), u.searchParams.get('overLimit'), u.searchParams.getAll('service').length])).toEqual([[[team], 'true', 1]]);
    page = await fresh('/');
    expect(w.problems).toEqual([]);
  });

  it('compliance of one standard by team drills to that team and standard', async () => {
    const page = await fresh('/?page=practice&compare=team&standard=first_contact');
    const figure = page.locator('figure', { hasText: 'First contact: met, late and missed by team' });
    await figure.getByRole('button', { name: /^Show table/ }).click();
    const buttons = figure.locator('tbody .drill-button');
    expect(await buttons.count()).toBeGreaterThan(0);
    for (let i = 0; i < Math.min(await buttons.count(), 12); i++) {
      const n = await shown(buttons.nth(i));
      await buttons.nth(i).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.locator('.drill-count').innerText()).toBe(`Rows 1–${Math.min(n, 25)} of ${n.toLocaleString('en-GB')}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    expect(w.problems).toEqual([]);
  });

  it('episodes with no team read "No team recorded" (never "Null" or a blank cell) and offer no drill-down', async () => {
    const page = await fresh('/?page=practice&compare=team');
    const chart = page.locator('figure', { hasText: 'met, late and missed by team' }).locator('svg[aria-label]');
    const labels = await chart.locator('text').evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));
    expect(labels.filter((t) => /null/i.test(t))).toEqual([]);
    expect(labels).toContain('No team recorded');
    for (const caption of ['Open episodes by team', 'Caseloads by team']) {
      const firstCells = (await table(page, caption).locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
      expect(firstCells.length, caption).toBeGreaterThan(0);
      expect(firstCells.filter((t) => t === '' || /null/i.test(t)), caption).toEqual([]);
    }
    const noTeam = table(page, 'Open episodes by team').locator('tbody tr', { hasText: 'No team recorded' });
    expect(await noTeam.count()).toBe(1);
    expect(await noTeam.locator('.drill-button').count()).toBe(0);
    expect(w.problems).toEqual([]);
  });
});

describe('exports', () => {
  it('the cohort page says how person filters choose family episodes, when one is on', async () => {
    const page = await fresh('/?page=cohort&cohort=episodes');
    expect(await page.locator('.person-rule').count()).toBe(0);
    await page.goto('/?page=cohort&cohort=episodes&sex=female');
    await waitForIdle(page);
    expect(await page.locator('.person-rule').innerText()).toMatch(/family episode by any of the family's children/);
    expect(w.problems).toEqual([]);
  });

  it('each format downloads a file that opens, with the rows the preview counts', async () => {
    const page = await fresh('/?page=cohort&cohort=episodes&status=waiting');
    const total = Number((await page.locator('.drill-count').innerText()).replace(/^.* of /, '').replace(/\D/g, ''));
    expect(total).toBeGreaterThan(0);
    const files: Record<string, string> = {};
    for (const [format, label] of [
      ['csv', 'Export CSV'],
      ['xlsx', 'Export Excel (.xlsx)'],
      ['parquet', 'Export Parquet'],
      ['arrow', 'Export Arrow'],
    ]) {
      const download = page.waitForEvent('download');
      // The visually hidden part of the name (": Episodes") says which export; the two panels' buttons differ only there.
      await page.getByRole('button', { name: new RegExp(`^${label.replace(/[().]/g, '\\$&')} ?: Episodes$`) }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(new RegExp(`^episodes_\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
      files[format] = join(d.dir, file.suggestedFilename());
      await file.saveAs(files[format]);
      await page.getByRole('status').filter({ hasText: `Saved ${file.suggestedFilename()}` }).waitFor({ state: 'visible' });
    }
    const csvLines = readFileSync(files.csv, 'utf8').trim().split(/\r?\n/);
    expect(csvLines[0]).toContain('episode_id');
    expect(csvLines.length - 1).toBe(total);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(files.xlsx);
    const sheet = workbook.worksheets.find((s) => s.actualRowCount === total + 1);
    expect(sheet, 'a sheet with a header and every row').toBeDefined();

    const arrow = tableFromIPC(readFileSync(files.arrow));
    expect(arrow.numRows).toBe(total);
    expect(arrow.getChild('status')?.toArray().every((s: string) => s === 'waiting')).toBe(true);

    const db = await Database.open(':memory:');
    try {
      const conn = await db.connect();
      const row = await conn.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${files.parquet.replace(/'/g, "''")}')`);
      expect(row?.n).toBe(total);
    } finally {
      await db.close();
    }
    expect(w.problems).toEqual([]);
  });

  it("a chart's CSV download holds the rows its table shows", async () => {
    const page = await fresh('/?page=outcomes');
    const figure = page.locator('figure', { hasText: 'From eligible to successful' });
    await figure.getByRole('button', { name: /^Show table/ }).click();
    const rows = await figure.locator('table tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['Eligible families', 'All needs met', 'All needs sustained', 'Successful outcomes']);
    const download = page.waitForEvent('download');
    await figure.getByRole('button', { name: /^Download CSV/ }).click();
    const file = await download;
    // Named by the extract date, like the server's exports: the same figures, the same name on any day.
    expect(file.suggestedFilename()).toBe('from-eligible-to-successful-2025-06-30.csv');
    const path = join(d.dir, file.suggestedFilename());
    await file.saveAs(path);
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('step,families');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Eligible families', 'All needs met', 'All needs sustained', 'Successful outcomes']);
    expect(w.problems).toEqual([]);
  });
});

describe('accounts', () => {
  it('a commissioner sees aggregates only: no rows behind numbers, small numbers shown as c, no axe violations', async () => {
    const page = await fresh('/?page=outcomes&locality=Madeley', 'commissioner');
    expect(await page.locator('.account').innerText()).toContain('browser-commissioner');
    expect(await page.locator('.disclosure-note').isVisible()).toBe(true);
    expect(await page.locator('.drill-button').count()).toBe(0);
    const cells = await page.locator('main table td, main .tile-value').allInnerTexts();
    expect(cells.some((c) => c.trim() === 'c'), 'some small number is suppressed').toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const cohort = await fresh('/?page=cohort', 'commissioner');
    expect(await cohort.locator('main').innerText()).toMatch(/aggregate figures only/);
    expect(w.problems).toEqual([]);
  });

  it("a commissioner's Overview shows the totals, not c, and its waiting list is the Practice page's", async () => {
    const tiles = ['Referrals in the period', 'Open now', 'Baseline and latest pairs', 'Missed', 'Waiting list'];
    const analyst = await fresh('/', 'analyst');
    const expected = Object.fromEntries(await Promise.all(tiles.map(async (t) => [t, await tileNumber(analyst, t)] as const)));
    const practice = await fresh('/?page=practice', 'analyst');
    expect(await tileNumber(practice, 'Waiting for allocation')).toBe(expected['Waiting list']);
    const page = await fresh('/', 'commissioner');
    const shown = async (t: string) => (await page.locator('.tile', { has: page.locator('.tile-label', { hasText: t }) }).locator('.tile-value').innerText()).trim();
    for (const t of tiles.slice(0, -1)) {
      // Totals far above the small-number range: shown, though cells of them are c.
      expect(await shown(t), t).toBe(expected[t].toLocaleString('en-GB'));
    }
    // The sample's waiting list is 2 episodes: a total of 1-5 is c itself.
    expect(expected['Waiting list']).toBe(2);
    expect(await shown('Waiting list')).toBe('c');
    expect(w.problems).toEqual([]);
  });

  it('a commissioner is not asked for rows on Distance travelled and Practice: the notice instead, no refused requests', async () => {
    const rowRequests: string[] = [];
    // A period, so that disclosure control can show the small test database's stage transitions to a commissioner.
    for (const path of ['/?page=distance&from=2024-04-01&to=2025-03-31', '/?page=practice&from=2024-04-01&to=2025-03-31']) {
      const page = await fresh(path, 'commissioner');
      page.on('request', (r) => {
        if (r.url().includes('/api/rows/')) rowRequests.push(r.url());
      });
      await page.reload();
      await waitForIdle(page);
      const notices = await page.locator('main .note', { hasText: 'Row-level lists are not available to your account: it sees aggregate figures only.' }).count();
      // Distance: the change distribution. Practice: the overdue list, the waiting histogram, the long open list, caseloads per worker.
      expect(notices, path).toBe(path.includes('distance') ? 1 : 4);
      expect(await page.locator('main [data-state="error"]').allInnerTexts(), path).toEqual([]);
      expect(w.problems, path).toEqual([]);
    }
    expect(rowRequests).toEqual([]);
  });

  it("a commissioner's Practice page shows the totals of compliance and caseloads, not c", async () => {
    const tiles = ['Missed', 'Pending', 'Compliance, all standards'];
    const analyst = await fresh('/?page=practice', 'analyst');
    const expected = Object.fromEntries(await Promise.all(tiles.map(async (t) => [t, await tileNumber(analyst, t)] as const)));
    const detail = (p: Page, label: string) => p.locator('.tile', { has: p.locator('.tile-label', { hasText: label }) }).locator('.tile-detail').innerText();
    const workers = await detail(analyst, 'Workers over their limit');
    const ofLimit = await detail(analyst, 'Open cases');
    expect(await analyst.getByLabel('Compare').locator('option').allInnerTexts()).toContain('Workers');
    const page = await fresh('/?page=practice', 'commissioner');
    for (const t of tiles) expect(await tileNumber(page, t), t).toBe(expected[t]);
    expect(await detail(page, 'Workers over their limit')).toBe(workers);
    // The share of the total limit, over every worker: not c because one team's limit is.
    expect(ofLimit).toMatch(/^\d+\.\d% of the total limit$/);
    expect(await detail(page, 'Open cases')).toBe(ofLimit);
    // Compliance by worker answers with identifiers: offered to the analyst (above), not to the commissioner.
    expect(await page.getByLabel('Compare').locator('option').allInnerTexts()).toEqual(['Teams', 'Services', 'Localities']);
    expect(workers).toMatch(/^of \d[\d,]* workers with cases$/);
    expect(w.problems).toEqual([]);
  });

  it('a service manager sees their own locality only', async () => {
    const page = await fresh('/', 'manager');
    const mine = await tileNumber(page, 'Referrals in the period');
    await page.getByRole('button', { name: /^Locality/ }).click();
    expect(await page.getByRole('checkbox').count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Madeley' }).count()).toBe(1);
    const all = await fresh('/', 'analyst');
    expect(await tileNumber(all, 'Referrals in the period')).toBeGreaterThan(mine);
    expect(w.problems).toEqual([]);
  });

  it('data quality is for analysts: a service manager has no link to it, and opening it says so without asking the server for it', async () => {
    const page = await fresh('/', 'manager');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link', { name: 'Practice standards and caseloads' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Data quality' }).count()).toBe(0);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/quality')) asked.push(r.url());
    });
    await page.goto('/?page=quality');
    await waitForIdle(page);
    expect(await page.locator('main [data-state="empty"]').innerText()).toMatch(/Data quality .* is for analysts/);
    expect(asked).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(w.problems).toEqual([]);
    const analyst = await fresh('/', 'analyst');
    expect(await analyst.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Data quality' }).count()).toBe(1);
    expect(w.problems).toEqual([]);
  });

  it('without a session the dashboard asks to sign in, and comes back to the same view', async () => {
    const page = await fresh('/?page=distance&service=FIT');
    await w.context.clearCookies();
    // The next request finds no session: the page goes to the sign-in form, keeping the view to return to.
    await page.getByLabel('SEND').selectOption('true');
    await page.waitForURL(/\/auth\/login\?/);
    const next = new URL(page.url()).searchParams.get('next');
    expect(next).toContain('page=distance');
    expect(next).toContain('service=FIT');
    // Any 401 seen on the way is the point of this test, not a problem.
    w.problems.length = 0;
  });
});

describe('logic model', () => {
  it('shows the measures case data cannot answer, and prints as a board paper', async () => {
    const page = await fresh('/?page=logic-model&model=reduce_exploitation');
    expect(await page.locator('.logic-model').count()).toBe(1);
    expect(await page.locator('.not-measurable').count()).toBeGreaterThan(0);
    expect(await page.locator('.measure').count()).toBeGreaterThan(await page.locator('.not-measurable').count());
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.site-header', '.filter-bar', '.chart-actions']) expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    expect(await page.locator('.print-filters').innerText()).toMatch(/Filters\. Period: all time\./i);
    expect(await page.locator('.measure').first().isVisible()).toBe(true);
    // Each measure is kept whole on paper; a logic model and its groups of measures run on
    // across pages (keeping them whole pushed each to a new page, leaving pages half empty).
    const breakInside = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).breakInside);
    expect(await breakInside('.measure')).toBe('avoid');
    expect(await breakInside('.logic-model')).toBe('auto');
    expect(await breakInside('.logic-model section')).toBe('auto');
    await page.emulateMedia({ media: 'screen' });
    expect(w.problems).toEqual([]);
  });

  /** The text of each figure of the period (not its trend), by measure code and figure label. */
  const figureTexts = (page: Page) =>
    page.locator('.measure .figure-row').evaluateAll((rows) =>
      rows.map((r) => ({
        code: r.closest('.measure')?.querySelector('.measure-code')?.textContent?.trim() ?? '',
        label: r.querySelector('dt')?.textContent?.trim() ?? '',
        text: r.querySelector('dd:not(.figure-trend)')?.textContent?.trim() ?? '',
      })),
    );

  it("shows a commissioner hidden cells as c and the analyst's totals over them (c only for a total of 1-5): never 0, \"no data\" or the visible cells added up", async () => {
    const url = '/?page=logic-model&model=reduce_exploitation&from=2025-04-01&to=2025-06-30';
    const lead = (t: string) => /^([\d,]+|c)( at [^(]+)? \(/.exec(t)?.[1];
    const analyst = new Map((await figureTexts(await fresh(url, 'analyst'))).map((f) => [`${f.code} ${f.label}`, f.text]));
    const analystTrend = await (async () => {
      const missing = w.page.locator('figure', { hasText: 'O3 Missing episodes: by month' });
      await missing.getByRole('button', { name: /^Table/ }).click();
      return missing.locator('tbody tr td:nth-child(2)').allInnerTexts();
    })();
    const page = await fresh(url, 'commissioner');
    const figures = await figureTexts(page);
    // Q1 2025/26 has small numbers to hide (e.g. missing episodes by where from) ...
    expect(figures.filter((f) => /\(.*\bc\b/.test(f.text)).length).toBeGreaterThan(0);
    // ... and each total over categories is the analyst's, worked out on the server before
    // anything was hidden, unless it is 1-5 itself.
    let shownBesideHidden = 0;
    for (const f of figures) {
      const mine = lead(f.text);
      const theirs = lead(analyst.get(`${f.code} ${f.label}`) ?? '');
      if (mine === undefined || theirs === undefined) continue;
      const n = Number(theirs.replace(/,/g, ''));
      expect(mine, `${f.code} ${f.label}: ${f.text}`).toBe(n >= 1 && n <= 5 ? 'c' : theirs);
      if (mine !== 'c' && /\(.*\bc\b/.test(f.text)) shownBesideHidden++;
    }
    expect(shownBesideHidden, 'a total shown beside a hidden category').toBeGreaterThan(0);
    // A category that has a row has a value or c, never "no data".
    expect(figures.filter((f) => /\(.*no data in the period/.test(f.text))).toEqual([]);
    // Each month of a trend is the analyst's month total, or c where that total is 1-5: never 0 in its place.
    const missing = page.locator('figure', { hasText: 'O3 Missing episodes: by month' });
    await missing.getByRole('button', { name: /^Table/ }).click();
    const values = await missing.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(values).toHaveLength(3);
    values.forEach((v, i) => {
      const n = Number(analystTrend[i].replace(/,/g, ''));
      expect(v.trim(), `month ${i + 1}`).toBe(n >= 1 && n <= 5 ? 'c' : analystTrend[i].trim());
    });
    expect(w.problems).toEqual([]);
  });

  it('keeps every configured measure in its place when the filters leave it nothing: 0 or "no data in the period"', async () => {
    const page = await fresh('/?page=logic-model&model=reduce_exploitation&from=2025-06-01&to=2025-06-30&service=TYSS&locality=Oakengates', 'commissioner');
    // The seed's items of the model, in their order (its first four columns hold no commas).
    const seed = readFileSync('models/seeds/logic_models.csv', 'utf8').split(/\r?\n/).filter((l) => l.startsWith('reduce_exploitation,'));
    expect(await page.locator('.measure-code').allInnerTexts()).toEqual(seed.map((l) => l.split(',')[3]));
    // Every measurable item has its figures, each with a value, c, 0 or "no data in the period".
    for (const code of ['O4', 'S3', 'Y3', 'Y4', 'Y7']) {
      const measure = page.locator('.measure', { has: page.locator('.measure-code', { hasText: new RegExp(`^${code}$`) }) });
      expect(await measure.locator('.figure-row').count(), code).toBeGreaterThan(0);
    }
    for (const f of await figureTexts(page)) expect(f.text, `${f.code} ${f.label}`).toMatch(/^(?!.*(NaN|null|undefined|–)).+/);
    expect(w.problems).toEqual([]);
  });

  it('gives episodes open at the month end at the last month end of the period, with its date, not added up over the months', async () => {
    const page = await fresh('/?page=logic-model&model=reduce_exploitation&from=2025-04-01&to=2025-06-30');
    const open = (await figureTexts(page)).find((f) => f.code === 'S6' && f.label === 'Episodes open at the month end');
    expect(open?.text).toMatch(/^[\d,]+ at 30 Jun 2025$/);
    // The same number as the trend's June point (April, May and June added up would be about three times it).
    const trend = page.locator('figure', { hasText: 'S6 Episodes open at the month end: by month' });
    await trend.getByRole('button', { name: /^Table/ }).click();
    const rows = await trend.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(rows[2].split('\t')[1]).toBe(open!.text.split(' ')[0]);
    expect(w.problems).toEqual([]);
  });

  it('draws every month of the period in a trend, and its CSV has a row for each', async () => {
    const page = await fresh('/?page=logic-model&model=reduce_exploitation&from=2024-04-01&to=2025-03-31&locality=Madeley');
    const months = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];
    for (const title of ['O3 Missing episodes: by month', 'O4 Offences: by month', 'S1 Referrals received: by month']) {
      const trend = page.locator('figure', { hasText: title });
      await trend.getByRole('button', { name: /^Table/ }).click();
      expect(await trend.locator('tbody tr td:first-child').allInnerTexts(), title).toEqual(months);
    }
    const trend = page.locator('figure', { hasText: 'O3 Missing episodes: by month' });
    const download = page.waitForEvent('download');
    await trend.getByRole('button', { name: /^CSV/ }).click();
    const file = await download;
    const path = join(d.dir, file.suggestedFilename());
    await file.saveAs(path);
    const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(months);
    expect(w.problems).toEqual([]);
  });

  it("says which first time entrants are the cohort's and which are the whole area's", async () => {
    const page = await fresh('/?page=logic-model&model=reduce_exploitation');
    const y3 = (await figureTexts(page)).filter((f) => f.code === 'Y3').map((f) => f.label);
    expect(y3.some((l) => l.startsWith('First time entrants in the cohort (young people in episodes of the selected services'))).toBe(true);
    const youthJustice = page.locator('section', { has: page.getByRole('heading', { name: 'Youth justice' }) });
    expect(await youthJustice.locator('thead th').allInnerTexts()).toContain('First time entrants (all young people)');
    expect(await youthJustice.locator('.note').first().innerText()).toContain('is a narrower count');
    expect(w.problems).toEqual([]);
  });
});

describe('keyboard only', () => {
  /** Whether the focused element shows a focus indicator (outline or ring). */
  const focusVisible = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return false;
      const s = getComputedStyle(el);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    });
  const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim().slice(0, 40)}`);

  it('tabs to the skip link, the navigation and the filters, and works them with Enter and Space', async () => {
    const page = await fresh('/');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('A Skip to content');
    expect(await focusVisible(page)).toBe(true);

    // Tab along the navigation to "Distance travelled" and follow it with Enter.
    for (let i = 0; i < 12 && !(await focused(page)).includes('Distance travelled'); i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('A Distance travelled');
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => search(page).get('page')).toBe('distance');
    await waitForIdle(page);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-title');

    // Back to the Service filter (the filters come before the page): Space opens it, Tab reaches a box, Space ticks it, Escape closes.
    const filterOf = () => page.evaluate(() => document.activeElement?.closest('.filter')?.querySelector('.filter-label')?.textContent ?? '');
    for (let i = 0; i < 20 && (await filterOf()) !== 'Service'; i++) await page.keyboard.press('Shift+Tab');
    expect(await filterOf()).toBe('Service');
    expect(await focused(page)).toMatch(/^BUTTON/);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Space');
    await page.getByRole('checkbox').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^INPUT/);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => search(page).getAll('service').length).toBe(1);
    await page.keyboard.press('Escape');
    expect(await filterOf()).toBe('Service');
    expect(await focused(page)).toMatch(/^BUTTON/);
    await expect.poll(() => page.getByRole('checkbox').count()).toBe(0);

    // Tab on to a select (SEND) and change it with the arrow keys.
    for (let i = 0; i < 10 && (await filterOf()) !== 'SEND'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^SELECT/);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => search(page).get('send')).not.toBeNull();
    await waitForIdle(page);

    // Tab into the page to a chart's table toggle and open it with Enter.
    for (let i = 0; i < 30 && !(await focused(page)).startsWith('BUTTON Show table'); i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^BUTTON Show table/);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('true');
    expect(await page.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-controls')!)?.querySelector('table') !== null)).toBe(true);
    expect(w.problems).toEqual([]);
  });
});

describe('data quality and the data dictionary', () => {
  it('data quality groups rejects by the rule they broke, with no rejected value or identifier on the page', async () => {
    const page = await fresh('/?page=quality');
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Rejected rows by file, column and rule' }) });
    const cells = await table.locator('tbody td').allInnerTexts();
    expect(cells.length).toBeGreaterThan(0);
    // The values the pipeline rejected, from the rejects file it wrote for the data owner.
    const rejected = parse(readFileSync(`${d.db}.rejects.csv`, 'utf8'), { columns: true }) as { value: string; reason: string }[];
    expect(rejected.length).toBeGreaterThan(0);
    const text = await page.locator('main').innerText();
    // Values of 4 characters or more (a shorter one, such as a score of 0, is part of many numbers).
    const shown = rejected.filter((r) => r.value.length >= 4 && text.includes(r.value));
    expect(shown.map((r) => r.value)).toEqual([]);
    expect(cells.filter((c) => c.includes('"') || /repeats line/.test(c))).toEqual([]);
    expect(await tileNumber(page, 'Kinds of problem')).toBe(await table.locator('tbody tr').count());
    expect(await tileNumber(page, 'Kinds of problem')).toBeLessThan(rejected.length);
    // Freshness: events with no source are the case system's; area measures are dated by their period.
    const sources = await page.locator('table', { has: page.locator('caption', { hasText: 'Latest date in each source' }) }).locator('tbody tr').allInnerTexts();
    expect(sources.filter((r) => r.startsWith('events: unknown'))).toEqual([]);
    expect(sources.find((r) => r.startsWith('events: case_system'))).toBeDefined();
    expect(sources.find((r) => r.startsWith('area_measures'))).not.toContain('No dates in this source');
    expect(w.problems).toEqual([]);
  });

  it('the dictionary documents the data quality tables (rejects, loads, load_files) with their columns', async () => {
    const page = await fresh('/?page=dictionary&layer=sources');
    for (const name of ['rejects', 'loads', 'load_files']) {
      const entry = page.locator(`article[id="${name}"]`);
      expect(await entry.count(), name).toBe(1);
      expect(await entry.locator('tbody tr').count(), name).toBeGreaterThan(5);
    }
    expect(await page.locator('article[id="rejects"] tbody tr', { hasText: 'rule' }).count()).toBeGreaterThan(0);
    expect(w.problems).toEqual([]);
  });

  it("each box of the lineage is a link to its table's entry, for the mouse and the keyboard", async () => {
    // Under the default layer (marts) the entry of an intermediate model is not shown: following the box shows it.
    let page = await fresh('/?page=dictionary');
    expect(await page.locator('article[id="int_episodes"]').count()).toBe(0);
    const lineage = page.getByRole('region', { name: 'Lineage diagram (scrolls)' });
    await lineage.getByRole('link', { name: 'int_episodes', exact: true }).click();
    await page.locator('article[id="int_episodes"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#int_episodes');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entry-int_episodes');
    const top = await page.locator('article[id="int_episodes"]').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(900);

    // From the keyboard: Tab from the diagram's region reaches its first box; Enter follows it.
    page = await fresh('/?page=dictionary');
    await page.getByRole('region', { name: 'Lineage diagram (scrolls)' }).focus();
    await page.keyboard.press('Tab');
    const box = await page.evaluate(() => (document.activeElement?.closest('svg') ? document.activeElement.getAttribute('aria-label') : null));
    expect(box).toBeTruthy();
    // Its focus shows: the box turns the focus yellow (an outline or box-shadow does not draw on SVG).
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector('rect')!).fill)).toBe('rgb(255, 191, 0)');
    await page.keyboard.press('Enter');
    await page.locator(`article[id="${box}"]`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`entry-${box}`);
    expect(w.problems).toEqual([]);
  });
});
