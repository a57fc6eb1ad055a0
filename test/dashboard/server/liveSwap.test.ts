import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseGeneration } from '../../../dashboard/server/DatabaseGeneration.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { startServer, type RunningServer } from './helpers/startServer.ts';
import { statSync } from 'node:fs';

let sample: SampleDatabase;
let server: RunningServer;

beforeAll(async () => {
  sample = await sampleDatabase(40, 1);
  server = await startServer({ dbPath: sample.db, poolSize: 3, pollMs: 100 });
});
afterAll(async () => {
  await server?.close();
  sample?.remove();
});

/** Total episodes as the API counts them, and the version of the database that answered. */
async function episodes(): Promise<{ n: number; version: string }> {
  const res = await server.get('/api/indicators/episode_status');
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  const n = t.toArray().reduce((s, r) => s + Number(r.episodes), 0);
  return { n, version: res.headers.get('x-data-version')! };
}

describe('the server follows the database file as the pipeline replaces it', () => {
  it('keeps answering, with no failed request, while a real load swaps the file, then answers from the new data', async () => {
    const before = await episodes();
    const firstGeneration = server.live.generation!;
    const outcomes: { ok: boolean; n?: number; version?: string; error?: string }[] = [];
    let loading = true;

    // 8 clients asking all the time (more than the 3 connections, so requests also queue),
    // pausing a few ms between requests so the load itself is not starved.
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) {
        try {
          outcomes.push({ ok: true, ...(await episodes()) });
        } catch (e) {
          outcomes.push({ ok: false, error: (e as Error).message });
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    // A different extract (60 families, another seed) through the real pipeline, with models, in its own process.
    await sample.reloadInChild(60, 7);
    // Wait until the server has picked the new file up (it polls every 100 ms).
    const deadline = Date.now() + 10_000;
    while (server.live.generation === firstGeneration && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Let the clients run a little on the new version too.
    await new Promise((r) => setTimeout(r, 300));
    loading = false;
    await Promise.all(clients);

    const failures = outcomes.filter((o) => !o.ok);
    console.log(`${outcomes.length} requests during the load, ${failures.length} failed`);
    expect(failures, failures[0]?.error).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(50);
    const after = await episodes();
    expect(after.version).not.toBe(before.version);
    expect(after.n).not.toBe(before.n);
    // Every answer is one version's whole answer, never a mix.
    const versions = new Map<string, Set<number>>();
    for (const o of outcomes) versions.set(o.version!, (versions.get(o.version!) ?? new Set()).add(o.n!));
    expect([...versions.values()].every((ns) => ns.size === 1)).toBe(true);
    expect(versions.get(after.version)).toEqual(new Set([after.n]));
    // The old version was closed once its last request finished.
    expect(firstGeneration.isClosed).toBe(true);
    expect(server.live.stats.closed).toBeGreaterThanOrEqual(1);
  });

  it('keeps a request on the version it started with, and closes that version only when it is done', async () => {
    const lease = server.live.acquire();
    const held = lease.generation;
    await sample.reload(45, 11);
    await server.live.check();
    expect(server.live.generation).not.toBe(held);
    // Retired but still referenced: open, and still readable.
    expect(held.isClosed).toBe(false);
    const conn = held.take();
    expect(await conn.one(`SELECT count(*) AS n FROM mart_episodes`)).toBeDefined();
    held.give(conn);
    lease.release();
    expect(held.isClosed).toBe(true);
  });
});

describe('concurrent queries are bounded', () => {
  it('runs at most poolSize queries at once, queues a few, answers 503 "busy" past the queue, then recovers', async () => {
    const small = await startServer({ dbPath: sample.db, poolSize: 1, maxQueued: 2 });
    try {
      // Warm: the filter options are read once per database version.
      expect((await small.get('/api/meta')).status).toBe(200);
      // Hold the only query slot, as a long query would.
      const release = await small.live.slots.acquire();
      const days = ['01', '02', '03', '04', '05', '06'].map((d) => `2024-01-${d}`);
      let turnedAway = 0;
      const pending = days.map((d) =>
        small.get(`/api/indicators/referrals_by_month?from=${d}`).then((r) => {
          if (r.status === 503) turnedAway++;
          return r;
        }),
      );
      // Two wait in the queue; the other four are turned away at once. Wait for all six to
      // have arrived (on a busy machine a request may reach the server late), then free the slot.
      const deadline = Date.now() + 5000;
      while ((small.live.slots.queued < 2 || turnedAway < 4) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(turnedAway).toBe(4);
      expect(small.live.slots.queued).toBe(2);
      expect(small.live.slots.inUse).toBe(1);
      release();
      const responses = await Promise.all(pending);
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
      const busy = responses.find((r) => r.status === 503)!;
      expect((await busy.json()).error).toMatch(/busy/);
      expect((await small.get('/api/indicators/referrals_by_month')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('the database is opened read-only with file access from SQL off', () => {
  it('refuses writes, file reads and writes, and turning those settings back on', async () => {
    const s = statSync(sample.db);
    const gen = await DatabaseGeneration.open(sample.db, { ino: s.ino, mtimeMs: s.mtimeMs, size: s.size }, 2);
    gen.retain();
    const conn = gen.take();
    try {
      await expect(conn.run(`CREATE TABLE x (a INTEGER)`)).rejects.toThrow(/read-only/i);
      await expect(conn.run(`DELETE FROM mart_episodes`)).rejects.toThrow(/read-only/i);
      await expect(conn.all(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow(/external access|disabled|Permission/i);
      await expect(conn.run(`COPY (SELECT 1) TO '/tmp/should-not-exist.csv'`)).rejects.toThrow(/external access|disabled|Permission/i);
      await expect(conn.run(`SET enable_external_access = true`)).rejects.toThrow();
      await expect(conn.run(`ATTACH '/tmp/other.duckdb'`)).rejects.toThrow();
    } finally {
      gen.give(conn);
      gen.release();
      gen.retire();
    }
  });
});
