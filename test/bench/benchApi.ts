// API latency on the bench database: filtered indicator queries through the real HTTP
// server (127.0.0.1 only), with 1 client and with 50 concurrent clients. Bounded: a fixed
// number of requests per run, and a time limit that stops a run early (then it says so).
// Standalone: npx tsx test/bench/benchApi.ts <database file>
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FilterOptions } from '../../dashboard/server/meta.ts';
import { openEngine } from './engineBaseline.ts';

export interface LatencyFigures {
  clients: number;
  requests: number;
  failed: number;
  p50: number;
  p95: number;
  max: number;
  /** Requests per second over the run. */
  throughput: number;
  /** p95 per indicator, ms. */
  byIndicator: Record<string, number>;
  /** The time limit stopped the run before all its requests were made. */
  cutShort: boolean;
}

export interface ApiFigures {
  single: LatencyFigures;
  concurrent: LatencyFigures;
  /** The same 50-client requests again, every answer now in the server's result cache: what the server does around the database (HTTP, the session check, the checks on every answer, Arrow). */
  cached: LatencyFigures;
  /** The statements of the same requests straight on DuckDB (engineBaseline.ts), 50 callers: the database alone. */
  engine: LatencyFigures;
  queries: number;
  /** The Distance and Logic model pages' indicators, one request at a time: mean ms by indicator. */
  pages: Record<string, number>;
}

/** The indicators a page asks for on every filter change (the heavy distance ones are timed too, separately reported). */
const INDICATORS = [
  'episode_status',
  'referrals_by_month',
  'open_episodes',
  'days_open_bands',
  'waiting_list',
  'practice_compliance',
  'caseload_summary',
  'supporting_families_summary',
  'supporting_families_by_headline',
  'pre_post_summary',
];

/**
 * The Distance travelled and Logic model pages' requests (each pairs readings or aggregates
 * the logic model facts), timed apart from the mix above: they take hundreds of
 * milliseconds, not a few, and a page waits for all of them.
 */
const PAGE_REQUESTS: Record<string, string[]> = {
  'distance travelled': ['distance_travelled', 'distance_travelled_total', 'stage_transitions', 'baseline_stage_profile', 'gcp2_high_to_low'],
  'logic model': ['logic_model?byMonth=false', 'logic_model?byMonth=true', 'logic_model_category_total?byMonth=false', 'logic_model_category_total?byMonth=true'],
};
const PAGE_PERIODS = [
  ['2024-04-01', '2025-03-31'],
  ['2023-01-01', '2023-12-31'],
  ['2022-07-01', '2022-09-30'],
];

/** Each page request for each period, one at a time: mean ms by request, and each page's sum. */
async function timePages(base: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [page, requests] of Object.entries(PAGE_REQUESTS)) {
    let pageMs = 0;
    for (const r of requests) {
      let ms = 0;
      for (const [from, to] of PAGE_PERIODS) {
        const t0 = performance.now();
        const res = await get(`${base}/api/indicators/${r}${r.includes('?') ? '&' : '?'}from=${from}&to=${to}`);
        if (res.status !== 200) throw new Error(`${r} answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
        ms += performance.now() - t0;
      }
      out[r] = ms / PAGE_PERIODS.length;
      pageMs += out[r];
    }
    out[`${page} page (all its requests)`] = pageMs;
  }
  return out;
}

/** A deterministic pseudo-random sequence, so every run asks the same questions. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

interface Work {
  indicator: string;
  path: string;
}

interface Meta {
  filters: FilterOptions & Record<string, string[]>;
  periods: { id: string; kind: string; from: string | null; to: string | null }[];
  indicators: { name: string; filters: string[] }[];
}

/** Filtered URLs like the dashboard sends: a period, one or two services, sometimes a locality or a sex. */
function queries(meta: Meta, count: number, seed: number): Work[] {
  const rand = lcg(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const available = meta.indicators.filter((i) => INDICATORS.includes(i.name));
  const periods = meta.periods.filter((p) => p.kind === 'year' || p.kind === 'quarter');
  const out: Work[] = [];
  for (let i = 0; i < count; i++) {
    const ind = pick(available);
    const q = new URLSearchParams();
    const accepts = (k: string) => ind.filters.includes(k);
    if (accepts('period') && rand() < 0.8) {
      const p = pick(periods);
      q.set('from', p.from!);
      q.set('to', p.to!);
    }
    if (accepts('service')) for (const s of new Set([pick(meta.filters.service), pick(meta.filters.service)])) q.append('service', s);
    if (accepts('locality') && rand() < 0.4) q.append('locality', pick(meta.filters.locality));
    if (accepts('sex') && rand() < 0.2) q.append('sex', pick(meta.filters.sex));
    out.push({ indicator: ind.name, path: `/api/indicators/${ind.name}?${q}` });
  }
  return out;
}

/** The bench server's session (every route needs one), set when it starts. */
let sessionCookie = '';

/**
 * The clients share the server's 2 cores, which real browsers would not. Node's fetch
 * costs them 0.3 to 0.8 ms of CPU a request, plain http with kept-alive connections 0.1 to
 * 0.25 ms (measured on cached answers), so the clients use this and take less from the server.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie: sessionCookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** `clients` callers, each sending the next request of `work` as soon as its last is answered (`send` resolves true for a good answer). */
async function run(work: Work[], clients: number, limitMs: number, send: (path: string) => Promise<boolean>): Promise<LatencyFigures> {
  const times: { indicator: string; ms: number }[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + limitMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < work.length && performance.now() < deadline) {
        const w = work[next++];
        const t0 = performance.now();
        try {
          if (await send(w.path)) times.push({ indicator: w.indicator, ms: performance.now() - t0 });
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const all = times.map((t) => t.ms).sort((a, b) => a - b);
  const byIndicator: Record<string, number> = {};
  for (const name of new Set(times.map((t) => t.indicator))) {
    byIndicator[name] = quantile(times.filter((t) => t.indicator === name).map((t) => t.ms).sort((a, b) => a - b), 0.95);
  }
  return {
    clients,
    requests: times.length + failed,
    failed,
    p50: quantile(all, 0.5),
    p95: quantile(all, 0.95),
    max: all[all.length - 1] ?? NaN,
    throughput: (times.length + failed) / seconds,
    byIndicator,
    cutShort: next < work.length,
  };
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The server in its own process, as in production; resolves with its URL and a stop function that resolves once it has exited. */
function serve(db: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/apiServer.ts', db], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the API server did not start within 60 s'));
    }, 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (http:\/\/127\.0\.0\.1:\d+) (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        sessionCookie = m[2];
        resolve({ base: m[1], stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`the API server exited with ${code}`)));
  });
}

/**
 * Serves `db` on 127.0.0.1 and times filtered indicator requests at 1 and 50 clients; then
 * the 50 clients' requests again from the server's cache, and their statements straight
 * to DuckDB once the server has stopped (the baselines the server is read against).
 */
export async function benchApi(db: string, opts: { requests?: number; limitMs?: number } = {}): Promise<ApiFigures> {
  const requests = opts.requests ?? 1000;
  const limitMs = opts.limitMs ?? 60_000;
  const { base, stop } = await serve(db);
  try {
    const meta = JSON.parse((await get(`${base}/api/meta`)).body.toString('utf8')) as Meta;
    // Two different sets of questions, so the 50-client run cannot be answered from the
    // server's result cache filled by the 1-client run (repeats within a set are real
    // traffic: people ask the same questions).
    const singleWork = queries(meta, Math.min(200, requests), 7);
    const work = queries(meta, requests, 42);
    // Warm up: each indicator's first request also learns its column types.
    for (const name of new Set(work.map((w) => w.indicator))) await get(`${base}/api/indicators/${name}`);
    const overHttp = async (path: string) => (await get(base + path)).status === 200;
    const single = await run(singleWork, 1, limitMs, overHttp);
    const concurrent = await run(work, 50, limitMs, overHttp);
    const cached = await run(work, 50, limitMs, overHttp);
    const pages = await timePages(base);
    await stop();
    // The baseline after the server has stopped, so the two never share the cores.
    const engine = await openEngine(db, meta.filters);
    try {
      for (const name of new Set(work.map((w) => w.indicator))) await engine.send(`/api/indicators/${name}`);
      const direct = await run(work, 50, limitMs, async (path) => (await engine.send(path), true));
      return { single, concurrent, cached, engine: direct, queries: new Set(work.map((w) => w.path)).size, pages };
    } finally {
      await engine.close();
    }
  } finally {
    agent.destroy();
    await stop();
  }
}

export function formatApiFigures(f: ApiFigures): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  const line = (label: string, r: LatencyFigures) =>
    `${label.padEnd(36)}${String(r.requests).padStart(8)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.max)} ${r.throughput.toFixed(0).padStart(8)}/s${r.failed ? `  ${r.failed} FAILED` : ''}${r.cutShort ? '  (time limit reached)' : ''}`;
  const slowest = Object.entries(f.concurrent.byIndicator)
    .sort((a, b) => b[1] - a[1])
    .map(([name, p95]) => `  ${name.padEnd(34)}${ms(p95)}`);
  return [
    `API: filtered indicator requests (${f.queries} distinct queries) over HTTP on 127.0.0.1`,
    `${''.padEnd(36)}requests        p50        p95        max  throughput`,
    line('1 client', f.single),
    line('50 concurrent clients', f.concurrent) + `   (target p95 < 150 ms)`,
    line('  the same again, from the cache', f.cached),
    line('  their SQL straight to DuckDB', f.engine) + `   (server p95 ${(f.concurrent.p95 / f.engine.p95).toFixed(2)}x this)`,
    `p95 by indicator at 50 clients:`,
    ...slowest,
    ``,
    `Distance travelled and Logic model pages, 1 client, mean of ${PAGE_PERIODS.length} periods:`,
    ...Object.entries(f.pages).map(([name, mean]) => `  ${name.padEnd(48)}${ms(mean)}`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const db = process.argv[2];
  if (!db) throw new Error('usage: npx tsx test/bench/benchApi.ts <database file>');
  const f = await benchApi(db);
  console.log(formatApiFigures(f));
}
