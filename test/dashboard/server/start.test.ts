import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClient, clientIsStale } from '../../../dashboard/server/buildClient.ts';
import { signIn } from './helpers/accounts.ts';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'dash-start-'));
  dirs.push(d);
  return d;
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Runs `npm start`'s script as npm would, until it prints the address (or fails). */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'pipeline/start.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not become ready:\n${out}`)), 60_000);
    const check = () => {
      const m = /Dashboard ready at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, output: () => out, url: m[1].replace('localhost', '127.0.0.1') });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('npm start', () => {
  it('with no database: generates the sample, loads it with the models, then serves the dashboard and the API on one port', async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'outcomes.duckdb');
    // A built client newer than the sources, so this test does not depend on the client's build.
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Family outcomes</title><p>client</p>');
    const future = new Date(Date.now() + 3600_000);
    utimesSync(join(dist, 'index.html'), future, future);
    const port = await freePort();

    const { child, output, url } = await start({ DB: db, PORT: String(port), SAMPLE_FAMILIES: '40', DASHBOARD_DIST: dist });
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    const out = output();
    expect(out).toMatch(/No database at .* yet/);
    expect(out).toMatch(/\[1\/3\] generating a sample extract of 40 families/);
    expect(out).toMatch(/\[2\/3\] loading it through the pipeline/);
    expect(out).toMatch(/models/);
    expect(out).toMatch(/data tests: \d+ passed, 0 failed/);
    expect(out).toMatch(/up to date/);
    expect(existsSync(join(dir, 'data', 'sample-extract', 'episodes.csv'))).toBe(true);

    // Sample data: one demo account per role, printed once and kept in demo-accounts.txt.
    const accounts = readFileSync(join(dir, 'data', 'demo-accounts.txt'), 'utf8');
    for (const name of ['demo-admin', 'demo-analyst', 'demo-commissioner', 'demo-manager']) expect(out).toContain(name);
    const password = /^demo-analyst\s+(\S+)/m.exec(accounts)![1];
    expect(out).toContain(password);
    expect((await fetch(url, { redirect: 'manual' })).headers.get('location')).toBe('/auth/login?next=%2F');
    const cookie = await signIn(url, 'demo-analyst', password);
    const fetchIn = (u: string) => fetch(u, { headers: { cookie } });

    const page = await fetchIn(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<p>client<\/p>/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    // A client-side route falls back to the page.
    expect((await fetchIn(`${url}outcomes?service=FIT`)).status).toBe(200);
    const meta = await (await fetchIn(`${url}api/meta`)).json();
    expect(meta.extractedOn).toBe('2025-06-30');
    const res = await fetchIn(`${url}api/indicators/episode_status`);
    expect(res.status).toBe(200);
    expect(tableFromIPC(new Uint8Array(await res.arrayBuffer())).numRows).toBeGreaterThan(0);
    expect(await stop(child)).toBe(0);

    // Second start: the database is there, nothing to prepare.
    const again = await start({ DB: db, PORT: String(port), DASHBOARD_DIST: dist });
    expect(again.output()).toMatch(/Using the database/);
    expect(again.output()).not.toMatch(/generating/);
    // Printed once: the second start points to the file instead.
    expect(again.output()).not.toContain(password);
    expect(again.output()).toMatch(/demo-accounts\.txt/);
    expect((await fetch(`${again.url}api/health`)).status).toBe(200);
    expect(await stop(again.child)).toBe(0);
  });

  it('says clearly when the port is taken, before preparing anything', async () => {
    const dir = tempDir();
    const blocker = netServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dist = join(dir, 'dist');
      mkdirSync(dist);
      writeFileSync(join(dist, 'index.html'), '<!doctype html>');
      const future = new Date(Date.now() + 3600_000);
      utimesSync(join(dist, 'index.html'), future, future);
      await expect(start({ DB: join(dir, 'o.duckdb'), PORT: String(port), SAMPLE_FAMILIES: '5', DASHBOARD_DIST: dist })).rejects.toThrow(
        /port \d+ is already in use\. Set PORT/,
      );
      expect(existsSync(join(dir, 'o.duckdb'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});

describe('building the client', () => {
  it('builds with Vite when the build is missing, and not when it is newer than the sources', async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./main.js"></script>');
    writeFileSync(join(src, 'main.js'), "document.title = 'built';");
    const out = join(dir, 'out');
    expect(clientIsStale(out, [src])).toBe(true);
    await buildClient({ configFile: false, root: src, outDir: out });
    expect(readdirSync(out)).toContain('index.html');
    // The build does not leave the process thinking it runs in production.
    expect(process.env.NODE_ENV).not.toBe('production');
    expect(readdirSync(join(out, 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
    expect(clientIsStale(out, [src])).toBe(false);
    const later = new Date(Date.now() + 3600_000);
    utimesSync(join(src, 'main.js'), later, later);
    expect(clientIsStale(out, [src])).toBe(true);
  });
});
