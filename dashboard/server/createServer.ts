import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../models/config.ts';
import { HttpError } from './HttpError.ts';
import { LiveDatabase } from './LiveDatabase.ts';
import { loadPseudonymiser, type ServerMode } from './pseudonymKey.ts';
import { Registry } from './Registry.ts';
import type { RegistryEntry } from './RegistryEntry.ts';
import type { ServerContext } from './RequestContext.ts';
import { dataRoutes } from './routes/dataRoutes.ts';
import { docsRoutes } from './routes/docsRoutes.ts';
import { exportRoutes } from './routes/exportRoutes.ts';
import { qualityRoutes } from './routes/qualityRoutes.ts';
import { securityHeaders } from './securityHeaders.ts';
import { setupAccess, type Access } from './access/setupAccess.ts';
import { trustProxySetting, type AccessOptions } from './auth/accessSettings.ts';

export interface ServerOptions {
  /** The DuckDB file the pipeline writes (env DB, else data/outcomes.duckdb). */
  dbPath: string;
  /** production: a pseudonymisation key must be configured; development: one is generated beside the database. Default from NODE_ENV. */
  mode?: ServerMode;
  /** The built dashboard to serve at /; none = API only (the Vite dev server serves the client). */
  staticDir?: string | null;
  /** The council's configuration JSON (thresholds). */
  configPath?: string;
  config?: Config;
  /** Where export files are made before they are sent (default: a folder under the system temp dir). */
  scratchDir?: string;
  /** Connections per database version = queries at once (default 4). */
  poolSize?: number;
  /** DuckDB threads per database version (see LiveDatabaseOptions.threads). */
  threads?: number;
  maxQueued?: number;
  queryTimeoutMs?: number;
  maxExportRows?: number;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Other indicators or drill-downs than the registries' (tests). */
  registry?: { indicators?: RegistryEntry[]; drills?: RegistryEntry[] };
  /** Server-side log of errors and database swaps (never sent to the browser). */
  log?: (message: string) => void;
  /** Sign-in, users file, audit log (access/setupAccess.ts; defaults from the environment). */
  access?: AccessOptions;
  /**
   * Another server's handling for a signed-in page or file request no route here answers
   * (vitePlugin.ts: Vite's dev or preview server). It gets the request only after the
   * sign-in check, with the security headers already set, so the pages Vite serves need a
   * session and carry the CSP as the built client does.
   */
  passThrough?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface DashboardServer {
  app: FastifyInstance;
  live: LiveDatabase;
  context: ServerContext;
  /** Sessions, the login limiter, the users file and the audit log. */
  access: Access;
  close(): Promise<void>;
}

/**
 * The dashboard's HTTP server: the API over the DuckDB file (read-only, file access from
 * SQL off, following the file as the pipeline swaps it) and, when given, the built
 * client. Not listening yet: call app.listen, or mount app.routing in another server
 * (vitePlugin.ts).
 */
export async function createServer(opts: ServerOptions): Promise<DashboardServer> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dbPath = resolve(opts.dbPath);
  const mode: ServerMode = opts.mode ?? (env.NODE_ENV === 'production' ? 'production' : 'development');
  const config = opts.config ?? loadConfig(opts.configPath);
  const pseudonymiser = loadPseudonymiser({ mode, dbPath, env });
  if (!pseudonymiser.ready) log(`warning: ${pseudonymiser.missingKeyReason}`);
  const registry = new Registry(config, opts.registry);
  const live = await LiveDatabase.open({
    path: dbPath,
    poolSize: opts.poolSize,
    threads: opts.threads,
    maxQueued: opts.maxQueued,
    pollMs: opts.pollMs,
    log,
  });
  const context: ServerContext = {
    live,
    registry,
    config,
    pseudonymiser,
    scratchDir: opts.scratchDir ?? join(tmpdir(), `family-outcomes-exports-${process.pid}`),
    queryTimeoutMs: opts.queryTimeoutMs ?? 30_000,
    maxExportRows: opts.maxExportRows ?? 1_000_000,
  };

  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 200 }, bodyLimit: 64 * 1024, trustProxy: trustProxySetting(env) });

  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(securityHeaders)) reply.header(k, v);
    // Data about families must not sit in shared or browser caches.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError | HttpError, req, reply) => {
    if (error instanceof HttpError) return reply.status(error.status).send({ error: error.message });
    const status = (error as FastifyError).statusCode;
    // Fastify's own 4xx (bad URL encoding, body too large, ...) name the problem without internals.
    if (status && status >= 400 && status < 500) return reply.status(status).send({ error: error.message });
    // Anything else may carry SQL, paths or a stack: log it here, answer generically.
    log(`error on ${req.method} ${req.url.split('?')[0]}: ${error.stack ?? error.message}`);
    return reply.status(500).send({ error: 'Something went wrong on the server. It has been logged; please try again or tell the team that runs the dashboard.' });
  });

  // Before any route: every route then needs a signed-in user (but the sign-in page and health).
  let access: Access;
  try {
    access = await setupAccess(app, { options: opts.access, env, dbPath, rules: config.disclosure, log });
  } catch (e) {
    await live.close();
    throw e;
  }

  dataRoutes(app, context);
  exportRoutes(app, context);
  qualityRoutes(app, context);
  docsRoutes(app, context);
  app.get('/api/health', async () => ({ ok: true, database: live.generation ? 'open' : 'waiting for a database', dataVersion: live.generation?.id ?? null }));

  const staticDir = opts.staticDir ? resolve(opts.staticDir) : null;
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: staticDir, index: 'index.html', wildcard: true });
  }
  app.setNotFoundHandler((req, reply) => {
    const api = req.url.startsWith('/api/') || req.url === '/api';
    if (opts.passThrough && !api && (req.method === 'GET' || req.method === 'HEAD')) {
      // onSend does not run once the reply is handed over: the headers go on now.
      for (const [k, v] of Object.entries(securityHeaders)) reply.raw.setHeader(k, v);
      reply.hijack();
      opts.passThrough(req.raw, reply.raw);
      return;
    }
    if (api || !staticDir || req.method !== 'GET') {
      return reply.status(404).send({ error: 'Not found.' });
    }
    // Any other page address is the client's to route.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  return {
    app,
    live,
    context,
    access,
    close: async () => {
      await app.close();
      await live.close();
      await access.close();
    },
  };
}
