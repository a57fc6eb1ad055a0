import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitePlugin } from '../../../dashboard/server/vitePlugin.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { signIn, writeAccounts } from './helpers/accounts.ts';

let sample: SampleDatabase;
let vite: ViteDevServer;
let url: string;
let root: string;
let cookie: string;

beforeAll(async () => {
  sample = await sampleDatabase(30);
  root = mkdtempSync(join(tmpdir(), 'dash-vite-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dev</title><script type="module" src="/main.js"></script>');
  writeFileSync(join(root, 'main.js'), "console.log('client');");
  // The dev server as `npm run dev` makes it, with only this plugin and a throwaway client.
  vite = await createServer({ configFile: false, root, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, plugins: [vitePlugin({ dbPath: sample.db, log: () => {}, access: { usersFile: await writeAccounts([{ username: 'dev', role: 'analyst', password: 'dev-password-1' }]) } })] });
  await vite.listen();
  url = vite.resolvedUrls!.local[0];
  // The sign-in page is served through the plugin too; every API route needs a session.
  cookie = await signIn(url, 'dev', 'dev-password-1');
});
afterAll(async () => {
  await vite?.close();
  sample?.remove();
  rmSync(root, { recursive: true, force: true });
});

describe('vitePlugin: the API inside the Vite dev server', () => {
  it('serves the client and the API on one port', async () => {
    expect(await (await fetch(url)).text()).toMatch(/<title>dev<\/title>/);
    expect((await fetch(`${url}api/meta`)).status).toBe(401);
    const get = (path: string) => fetch(`${url}${path}`, { headers: { cookie } });
    const meta = await (await get('api/meta')).json();
    expect(meta.extractedOn).toBe('2025-06-30');
    const res = await get('api/indicators/episode_status?service=FIT');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(tableFromIPC(new Uint8Array(await res.arrayBuffer())).numRows).toBeGreaterThan(0);
    // Routes that load models at run time (docs) work through Vite's module runner too.
    expect((await get('api/docs/dictionary')).status).toBe(200);
    expect((await get('api/nope')).status).toBe(404);
  });
});
