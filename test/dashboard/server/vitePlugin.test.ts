import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitePlugin } from '../../../dashboard/server/vitePlugin.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { signIn, writeAccounts } from './helpers/accounts.ts';

let sample: SampleDatabase;
let vite: ViteDevServer;
let previewServer: PreviewServer;
let url: string;
let previewUrl: string;
let root: string;
let cookie: string;

beforeAll(async () => {
  sample = await sampleDatabase(30);
  root = mkdtempSync(join(tmpdir(), 'dash-vite-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dev</title><script type="module" src="/main.js"></script>');
  writeFileSync(join(root, 'main.js'), "console.log('client');");
  // A "built" client for `vite preview` to serve.
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>built</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(root, 'dist', 'assets', 'app.js'), "console.log('built');");
  const plugin = () => vitePlugin({ dbPath: sample.db, log: () => {}, access: { usersFile: join(root, 'users.json') } });
  await writeAccounts([{ username: 'dev', role: 'analyst', password: 'dev-password-1' }], join(root, 'users.json'));
  // The dev server as `npm run dev` makes it, with only this plugin and a throwaway client.
  vite = await createServer({ configFile: false, root, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, plugins: [plugin()] });
  await vite.listen();
  url = vite.resolvedUrls!.local[0];
  // And `vite preview` over the build.
  previewServer = await preview({ configFile: false, root, logLevel: 'silent', build: { outDir: 'dist' }, preview: { port: 0, host: '127.0.0.1' }, plugins: [plugin()] });
  previewUrl = previewServer.resolvedUrls!.local[0];
  // The sign-in page is served through the plugin too; every route needs a session.
  cookie = await signIn(url, 'dev', 'dev-password-1');
});
afterAll(async () => {
  await vite?.close();
  await previewServer?.close();
  sample?.remove();
  rmSync(root, { recursive: true, force: true });
});

const get = (base: string, path: string, session?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: session ? { cookie: session } : {} });

describe('vitePlugin: the server in front of the Vite dev server', () => {
  it('serves the client and the API on one port, both behind sign-in', async () => {
    expect((await get(url, 'api/meta')).status).toBe(401);
    const meta = await (await get(url, 'api/meta', cookie)).json();
    expect(meta.extractedOn).toBe('2025-06-30');
    const res = await get(url, 'api/indicators/episode_status?service=FIT', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(tableFromIPC(new Uint8Array(await res.arrayBuffer())).numRows).toBeGreaterThan(0);
    // Routes that load models at run time (docs) work through Vite's module runner too.
    expect((await get(url, 'api/docs/dictionary', cookie)).status).toBe(200);
    expect((await get(url, 'api/nope', cookie)).status).toBe(404);
  });

  it('a page without a session goes to the sign-in page; a module or file without one is a 401', async () => {
    const page = await get(url, '');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/login?next=%2F');
    expect((await get(url, 'outcomes?service=FIT')).headers.get('location')).toBe('/auth/login?next=%2Foutcomes%3Fservice%3DFIT');
    // A path with a file extension is not a page: 401, as on the API.
    for (const path of ['main.js', 'index.html']) {
      const res = await get(url, path);
      expect(res.status, path).toBe(401);
      expect(await res.text(), path).not.toMatch(/console\.log|<title>dev/);
    }
    // Vite's own modules too (no extension: sent to sign in).
    expect((await get(url, '@vite/client')).headers.get('location')).toBe('/auth/login?next=%2F%40vite%2Fclient');
  });

  it('signed in, Vite serves its pages and modules, with the security headers', async () => {
    const page = await get(url, '', cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toMatch(/<title>dev<\/title>/);
    const js = await get(url, 'main.js', cookie);
    expect(js.status).toBe(200);
    expect(await js.text()).toMatch(/console\.log\('client'\)/);
  });
});

describe('vitePlugin: the server in front of `vite preview`', () => {
  it('a page without a session goes to the sign-in page, a file is a 401, the sign-in page is there', async () => {
    const page = await get(previewUrl, '');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/login?next=%2F');
    const asset = await get(previewUrl, 'assets/app.js');
    expect(asset.status).toBe(401);
    expect(await asset.text()).not.toMatch(/console\.log/);
    expect((await get(previewUrl, 'auth/login')).status).toBe(200);
  });

  it('signed in, the built client is served with the security headers', async () => {
    const session = await signIn(previewUrl, 'dev', 'dev-password-1');
    const page = await get(previewUrl, '', session);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toMatch(/<title>built<\/title>/);
    const asset = await get(previewUrl, 'assets/app.js', session);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toMatch(/console\.log\('built'\)/);
    // A client-side route falls back to index.html, as `npm start` does.
    expect(await (await get(previewUrl, 'outcomes', session)).text()).toMatch(/<title>built<\/title>/);
  });
});
