import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createServer, type DashboardServer } from '../../../dashboard/server/createServer.ts';
import { passwordOf, signIn, writeAccounts, type TestAccount } from '../server/helpers/accounts.ts';
import { sampleDashboardDb } from './sampleDashboardDb.ts';

export const chromiumPath = '/usr/bin/chromium';

/** The accounts the browser tests sign in as. */
export const accounts = {
  analyst: { username: 'browser-analyst', role: 'analyst' },
  commissioner: { username: 'browser-commissioner', role: 'commissioner' },
  manager: { username: 'browser-manager', role: 'service_manager', localities: ['Madeley'] },
} satisfies Record<string, TestAccount>;
export type AccountName = keyof typeof accounts;

export interface RunningDashboard {
  url: string;
  dir: string;
  db: string;
  browser: Browser;
  server: DashboardServer;
  /** Session cookie ("name=value") of each account, signed in through the sign-in form. */
  sessions: Record<AccountName, string>;
  close(): Promise<void>;
}

/**
 * Everything a browser test needs, started once per file: a sample database, the client
 * built into a temporary folder (never dist/), the real server serving both on a free
 * port with sign-in on, a session for each test account, and one headless Chromium
 * (Debian's, never a downloaded one).
 */
export async function startDashboard(): Promise<RunningDashboard> {
  const dir = mkdtempSync(join(tmpdir(), 'dash-browser-'));
  const clientDir = join(dir, 'client');
  const [db] = await Promise.all([
    sampleDashboardDb(dir),
    build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir: clientDir, emptyOutDir: true } }),
  ]);
  const usersFile = await writeAccounts(Object.values(accounts), join(dir, 'users.json'));
  const server = await createServer({ dbPath: db, staticDir: clientDir, mode: 'development', log: () => {}, scratchDir: join(dir, 'scratch'), access: { usersFile } });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const sessions = {} as Record<AccountName, string>;
  for (const [name, a] of Object.entries(accounts) as [AccountName, TestAccount][]) sessions[name] = await signIn(url, a.username, passwordOf(a));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    url,
    dir,
    db,
    browser,
    server,
    sessions,
    close: async () => {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
