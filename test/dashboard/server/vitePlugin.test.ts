import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitePlugin } from '../../../dashboard/server/vitePlugin.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';

let sample: SampleDatabase;
let vite: ViteDevServer;
let url: string;
let root: string;

beforeAll(async () => {
  sample = await sampleDatabase(30);
  root = mkdtempSync(join(tmpdir(), 'dash-vite-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dev</title><script type="module" src="/main.js"></script>');
  writeFileSync(join(root, 'main.js'), "console.log('client');");
  // The dev server as `npm run dev` makes it, with only this plugin and a throwaway client.
  vite = await createServer({ configFile: false, root, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, plugins: [vitePlugin({ dbPath: sample.db, log: () => {} })] });
  await vite.listen();
  url = vite.resolvedUrls!.local[0];
});
afterAll(async () => {
  await vite?.close();
  sample?.remove();
  rmSync(root, { recursive: true, force: true });
});

describe('vitePlugin: the API inside the Vite dev server', () => {
  it('serves the client and the API on one port', async () => {
    expect(await (await fetch(url)).text()).toMatch(/<title>dev<\/title>/);
    const meta = await (await fetch(`${url}api/meta`)).json();
    expect(meta.extractedOn).toBe('2025-06-30');
    const res = await fetch(`${url}api/indicators/episode_status?service=FIT`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(tableFromIPC(new Uint8Array(await res.arrayBuffer())).numRows).toBeGreaterThan(0);
    // Routes that load models at run time (docs) work through Vite's module runner too.
    expect((await fetch(`${url}api/docs/dictionary`)).status).toBe(200);
    expect((await fetch(`${url}api/nope`)).status).toBe(404);
  });
});
