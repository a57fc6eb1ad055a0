// npm run bench [-- --events N] : generate a large clean extract (cached under .bench/),
// then time, in one run on this machine, DuckDB's raw read of the files against the
// full pipeline load (validation included) and the model build. Ratios, not absolute
// times, are what to compare between machines.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { generateExtract } from '../../sample-data/generateExtract.ts';
import { benchApi, formatApiFigures } from './benchApi.ts';
import { benchLoad } from './benchLoad.ts';
import { measureDashboardSize } from './dashboardSize.ts';
import { fmt } from './measure.ts';

const opts = new Command()
  .name('bench')
  .option('--events <n>', 'about how many events the extract holds', (v) => Number(v), 2_000_000)
  .option('--dir <dir>', 'where extracts and databases are kept between runs', '.bench')
  .option('--rounds <n>', 'times the raw read, load and build each run, in turn; the best of each is reported', (v) => Number(v), 3)
  .parse()
  .opts<{ events: number; dir: string; rounds: number }>();

if (!(opts.events >= 10_000 && opts.events <= 10_000_000)) throw new Error('--events must be between 10,000 and 10,000,000');
if (!(Number.isInteger(opts.rounds) && opts.rounds >= 1 && opts.rounds <= 10)) throw new Error('--rounds must be a whole number from 1 to 10');
// The sample generator writes about 49 events per family (measured on the default sample).
const families = Math.max(100, Math.round(opts.events / 49));
const extract = join(opts.dir, `extract-${families}`);
mkdirSync(opts.dir, { recursive: true });
const marker = join(extract, '.complete');
if (!existsSync(marker)) {
  process.stderr.write(`generating ${fmt(families)} families into ${extract} ...\n`);
  const summary = await generateExtract({
    out: extract,
    families,
    onProgress: (done, all) => process.stderr.write(`\r  ${fmt(done)} / ${fmt(all)} families`),
  });
  process.stderr.write(`\n  ${fmt(summary.rows.events)} events in ${summary.seconds.toFixed(1)}s\n`);
  writeFileSync(marker, JSON.stringify(summary.rows));
}
const rows = JSON.parse(readFileSync(marker, 'utf8')) as Record<string, number>;

process.stderr.write(`timing raw read, pipeline load and model build, ${opts.rounds} rounds ...\n`);
const f = await benchLoad(extract, opts.dir, opts.rounds, (r, i) =>
  process.stderr.write(
    `  round ${i + 1}: raw read ${r.rawSeconds.toFixed(2)} s, load ${r.loadSeconds.toFixed(2)} s (${(r.loadSeconds / r.rawSeconds).toFixed(2)}x), models ${r.modelSeconds.toFixed(2)} s (${(r.modelSeconds / r.rawSeconds).toFixed(2)}x)\n`,
  ),
);
const lines = [
  `extract: ${fmt(families)} families, ${fmt(rows.events)} events, ${fmt(f.rows)} rows in all`,
  ``,
  `${`step (best of ${f.rounds.length} rounds)`.padEnd(38)}seconds      rows/s   ratio to raw read`,
  `raw DuckDB read_csv (baseline)     ${f.rawSeconds.toFixed(2).padStart(10)} ${fmt(f.rows / f.rawSeconds).padStart(11)}   1.00`,
  `pipeline load (validation incl.)   ${f.loadSeconds.toFixed(2).padStart(10)} ${fmt(f.rows / f.loadSeconds).padStart(11)}   ${(f.loadSeconds / f.rawSeconds).toFixed(2)}  (target <= 2)`,
  `model build (all models)           ${f.modelSeconds.toFixed(2).padStart(10)} ${''.padStart(11)}   ${(f.modelSeconds / f.rawSeconds).toFixed(2)}  (target <= 3)`,
];
console.log(lines.join('\n'));
console.log(
  JSON.stringify({
    events: rows.events,
    rows: f.rows,
    raw_seconds: f.rawSeconds,
    load_seconds: f.loadSeconds,
    model_seconds: f.modelSeconds,
    load_ratio: f.loadSeconds / f.rawSeconds,
    model_ratio: f.modelSeconds / f.rawSeconds,
    rounds: f.rounds,
  }),
);

// API latency on the database just built (models included): filtered indicator requests
// through the dashboard server on 127.0.0.1, 1 client and 50 concurrent clients, against
// the same requests from the server's cache and their SQL straight to DuckDB.
process.stderr.write('timing the dashboard API ...\n');
const api = await benchApi(join(opts.dir, 'load.duckdb'));
console.log(`\n${formatApiFigures(api)}`);
console.log(
  JSON.stringify({
    api_p95_ms_1_client: api.single.p95,
    api_p95_ms_50_clients: api.concurrent.p95,
    api_p50_ms_50_clients: api.concurrent.p50,
    api_requests_per_s_50_clients: api.concurrent.throughput,
    api_p95_ms_50_clients_from_cache: api.cached.p95,
    api_p95_ms_50_callers_sql_only: api.engine.p95,
    api_requests_per_s_50_callers_sql_only: api.engine.throughput,
    api_failed: api.single.failed + api.concurrent.failed + api.cached.failed + api.engine.failed,
    page_request_ms: api.pages,
  }),
);

// Size of the dashboard's JavaScript as a browser downloads it (gzipped), from a fresh
// client build: all of it (every page visited) and the first view alone.
process.stderr.write('building the dashboard client to measure its JavaScript ...\n');
const js = await measureDashboardSize();
console.log(
  `\ndashboard JavaScript, gzipped: ${(js.totalGzipBytes / 1024).toFixed(1)} KB in all (target < 300 KB), ${(js.entryGzipBytes / 1024).toFixed(1)} KB for the first view`,
);
console.log(JSON.stringify({ dashboard_js_gzip_bytes: js.totalGzipBytes, dashboard_entry_js_gzip_bytes: js.entryGzipBytes }));
