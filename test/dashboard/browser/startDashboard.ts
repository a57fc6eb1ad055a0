import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createServer, type DashboardServer } from '../../../dashboard/server/createServer.ts';
import { sampleDashboardDb } from './sampleDashboardDb.ts';
import { signIn, writeAccounts } from '../server/helpers/accounts.ts';

export const chromiumPath = '/usr/bin/chromium';

export interface RunningDashboard {
  url: string;
  dir: string;
  db: string;
  browser: Browser;
  server: DashboardServer;
  close(): Promise<void>;
}

/**
 * Everything a browser test needs, started once per file: a sample database, the client
 * built into a temporary folder (never dist/), the real server serving both on a free
 * port, and one headless Chromium (Debian's, never a downloaded one).
 */
export async function startDashboard(): Promise<RunningDashboard> {
  const dir = mkdtempSync(join(tmpdir(), 'dash-browser-'));
  const clientDir = join(dir, 'client');
  const [db] = await Promise.all([
    sampleDashboardDb(dir),
    build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir: clientDir, emptyOutDir: true } }),
  ]);
  const usersFile = await writeAccounts([{ username: 'browser-analyst', role: 'analyst', password: 'browser-analyst-password' }], join(dir, 'users.json'));
  const server = await createServer({ dbPath: db, staticDir: clientDir, mode: 'development', log: () => {}, scratchDir: join(dir, 'scratch'), access: { usersFile } });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  // Every page needs a session: each new browser context starts signed in as an analyst.
  const session = (await signIn(url, 'browser-analyst', 'browser-analyst-password')).split('=');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addCookies([{ name: session[0], value: session.slice(1).join('='), url, httpOnly: true, sameSite: 'Lax' }]);
    return context;
  };
  return {
    url,
    dir,
    db,
    browser,
    server,
    close: async () => {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
