// npm start [-- --db FILE --port N]: everything a new user needs, in one command. With no
// database yet it generates the sample extract and loads it through the pipeline (models
// included); it builds the dashboard client when the build is missing or older than its
// source; then it serves the dashboard and the API on one port and prints the address.
//
// Environment: DB (database file, default data/outcomes.duckdb), PORT (default 4173),
// HOST (default 127.0.0.1; 0.0.0.0 to serve other machines), SAMPLE_FAMILIES (size of the
// generated sample, default 3000), DASHBOARD_DIST (built client, default dist/dashboard),
// PSEUDONYM_KEY (required when NODE_ENV=production), CONFIG (the council's configuration).
// Sign-in and audit: AUTH_MODE (local or oidc), USERS_FILE, AUDIT_DB and the rest in
// dashboard/server/access/README.md; with the sample data, demo accounts are made once.
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { buildClient, clientIsStale } from '../dashboard/server/buildClient.ts';
import { createServer } from '../dashboard/server/createServer.ts';
import { ensureDemoAccounts } from '../dashboard/server/auth/demoAccounts.ts';
import { buildAfterLoad } from './buildAfterLoad.ts';
import { formatSummary } from './formatSummary.ts';
import { defaultSampleFamilies, generateSampleExtract } from './generateSampleExtract.ts';
import { loadExtract } from './load/loadExtract.ts';
import { createProgress } from './progress.ts';

const opts = new Command()
  .name('start')
  .description('Load the sample data if there is no database yet, build the dashboard if needed, and serve it.')
  .option('--db <file>', 'database file (env DB)', process.env.DB ?? 'data/outcomes.duckdb')
  .option('--port <n>', 'port (env PORT)', process.env.PORT ?? '4173')
  .option('--host <host>', 'address to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
  .option('--config <file>', "the council's configuration JSON (env CONFIG)", process.env.CONFIG)
  .parse()
  .opts<{ db: string; port: string; host: string; config?: string }>();

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`\nnpm start stopped: ${message}\n`);
  process.exit(1);
};

// Decided before anything else runs: a client build sets NODE_ENV for its own purposes.
const mode = process.env.NODE_ENV === 'production' ? 'production' : 'development';
const db = resolve(opts.db);
const port = Number(opts.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number (got ${opts.port}).`);
const families = Number(process.env.SAMPLE_FAMILIES ?? defaultSampleFamilies);
if (!Number.isInteger(families) || families < 1) fail(`SAMPLE_FAMILIES must be a whole number (got ${process.env.SAMPLE_FAMILIES}).`);

/** Whether host:port can be listened on, checked before minutes of preparation rather than after. */
function portFree(host: string, p: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createNetServer()
      .once('error', () => done(false))
      .listen(p, host, () => probe.close(() => done(true)));
  });
}

const portTaken = (p: number) => fail(`port ${p} is already in use. Set PORT to another port, e.g. PORT=${p + 1} npm start.`);

try {
  if (port !== 0 && !(await portFree(opts.host, port))) portTaken(port);
  if (!existsSync(db)) {
    say(`No database at ${db} yet: making one from the sample data.`);
    const extract = await generateSampleExtract({ db, families, say, step: '[1/3] ' });
    say('[2/3] loading it through the pipeline (validation, load, models and their data tests)');
    const summary = await loadExtract({
      extract,
      db,
      progress: createProgress({ stream: process.stdout }),
      afterLoad: buildAfterLoad({ configPath: opts.config }),
    });
    say(formatSummary(summary));
  } else {
    say(`Using the database ${db}`);
  }

  const dist = resolve(process.env.DASHBOARD_DIST ?? 'dist/dashboard');
  if (clientIsStale(dist, ['dashboard/src', 'dashboard/index.html', 'vite.config.ts'])) {
    say(`[3/3] building the dashboard client into ${dist}`);
    const t0 = performance.now();
    await buildClient({ outDir: process.env.DASHBOARD_DIST ? dist : undefined });
    say(`      built in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  } else {
    say(`The dashboard client in ${dist} is up to date.`);
  }

  // Sample data and no accounts yet: one demo account per role (random passwords, printed once).
  await ensureDemoAccounts({ dbPath: db, say });
  const server = await createServer({ dbPath: db, mode, staticDir: dist, configPath: opts.config, log: (m) => say(m) });
  try {
    await server.app.listen({ port, host: opts.host });
  } catch (e) {
    await server.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') portTaken(port);
    throw e;
  }
  const address = server.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host === '127.0.0.1' ? 'localhost' : opts.host;
  say(`\nDashboard ready at http://${shown}:${actualPort}/  (Ctrl+C to stop)`);

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  fail((e as Error).message);
}
