import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { DisclosureRules } from '../../access/suppress.ts';
import { HttpError } from '../HttpError.ts';
import type { RegistryEntry } from '../RegistryEntry.ts';
import { accessSettings, type AccessOptions, type AccessSettings, type AuditSink } from '../auth/accessSettings.ts';
import { authRoutes, requestFields, sessionId } from '../auth/authRoutes.ts';
import { LoginLimiter } from '../auth/LoginLimiter.ts';
import { OidcClient } from '../auth/oidc.ts';
import { SessionStore } from '../auth/SessionStore.ts';
import { toUser, UsersFile } from '../auth/UsersFile.ts';
import { personLevelColumns } from '../personLevelColumns.ts';
import { AuditLog, type AuditEvent } from './AuditLog.ts';
import { auditRoutes, describeIntegrity, type IntegrityState } from './auditRoutes.ts';
import { indicatorDisclosure } from './indicatorDisclosure.ts';
import { runWithAccess, type RequestAccess } from './requestAccess.ts';
import { permissions } from './roles.ts';
import type { User } from './User.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; null on the few public routes when nobody is. */
    user: User | null;
    access: RequestAccess | null;
  }
}

/** Routes anyone may reach: the sign-in page, its stylesheet, single sign-on, sign-out and the health check. */
const publicRoutes = new Set([
  'GET /auth/login',
  'HEAD /auth/login',
  'POST /auth/login',
  'POST /auth/logout',
  'GET /auth/pages.css',
  'HEAD /auth/pages.css',
  'GET /auth/oidc/login',
  'GET /auth/oidc/callback',
  'GET /api/health',
  'HEAD /api/health',
]);
/** Reading the log (recorded as audit_view); with the integrity checks, for administrators only. */
const auditPaths = new Set(['/api/audit', '/admin/audit']);
const adminPaths = new Set([...auditPaths, '/api/audit/verify', '/admin/audit/verify']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Access {
  settings: AccessSettings;
  sessions: SessionStore;
  limiter: LoginLimiter;
  users: UsersFile;
  audit: AuditSink;
  /** The latest check that no audit record was changed or removed. */
  integrity: IntegrityState;
  close(): Promise<void>;
}

/**
 * Whether a state-changing request comes from this site. Browsers say where a request
 * comes from (Sec-Fetch-Site, or at least Origin on every POST), so a form or script on
 * another site cannot sign someone out, or in as someone else. A request saying neither
 * is refused too: nothing but a browser of this site needs to change state here.
 */
export function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site === 'same-origin';
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return false;
  return origin === `${req.protocol}://${req.host}`;
}

const wantsPage = (req: FastifyRequest, path: string) =>
  req.method === 'GET' && !path.startsWith('/api/') && path !== '/api' && !/\.[a-z0-9]+$/i.test(path);

/**
 * Sign-in, roles, scope and the audit log, fitted to the server in one call (createServer
 * makes it before any route is added, so every route is covered):
 *
 * - onRequest: state-changing requests from other sites are refused; every route but the
 *   public ones needs a live session (pages redirect to the sign-in page, the API answers
 *   401); the audit log is for administrators.
 * - every route handler runs with the user in reach (requestAccess), which prepareEntry
 *   (scope, role) and runQuery (second check, disclosure control) read.
 * - onSend: views of rows, exports, refusals and reads of the audit log are recorded
 *   before the answer leaves; if recording fails, the answer is replaced by an error.
 */
export async function setupAccess(
  app: FastifyInstance,
  o: { options?: AccessOptions; env: NodeJS.ProcessEnv; dbPath: string; rules: DisclosureRules; log: (m: string) => void },
): Promise<Access> {
  const settings = accessSettings(o.options, o.env, o.dbPath);
  const users = new UsersFile(settings.usersFile, o.log);
  if (settings.mode === 'local' && users.size === 0) {
    o.log(`warning: no accounts in ${settings.usersFile}, so nobody can sign in. Add one with: npm run users -- add <name> --role admin`);
  }
  const oidc = settings.oidc ? new OidcClient(settings.oidc, settings.now) : undefined;
  let audit: AuditSink;
  try {
    audit = settings.audit ?? (await AuditLog.open(settings.auditPath));
  } catch (e) {
    throw new Error(`The audit log ${settings.auditPath} could not be opened (set AUDIT_DB to move it): ${(e as Error).message}`);
  }
  // A changed log does not stop the dashboard: refusing to start would stop service
  // managers chasing their cases and would protect nothing, since the changed records are
  // evidence that stays in the file either way, and new records chain on from the newest
  // and are protected. The break is written to the server log, recorded in the log
  // itself at every start, and shown at the top of the audit page until the file is
  // moved aside. A log that cannot be read or written at all does stop it: nothing
  // could be recorded.
  let integrity: IntegrityState;
  try {
    integrity = { last: await audit.verify() };
    if (!integrity.last.ok) o.log(`AUDIT LOG CHANGED: ${settings.auditPath}: ${describeIntegrity(integrity.last)}. Keep the file and its .head file as they are and tell your information governance lead.`);
    await audit.append({ event: 'audit_check', username: null, status: integrity.last.ok ? 200 : 409, detail: `at start: ${describeIntegrity(integrity.last)}` });
  } catch (e) {
    await audit.close();
    throw new Error(`The audit log ${settings.auditPath} could not be checked or written: ${(e as Error).message}`);
  }
  const sessions = new SessionStore(settings.session, settings.now);
  const limiter = new LoginLimiter(settings.limiter, settings.now);
  const disclosure = (entry: RegistryEntry) => entry.disclosure ?? indicatorDisclosure[entry.name];

  app.decorateRequest('user', null);
  app.decorateRequest('access', null);
  // The sign-in form posts as a browser does; nothing else here takes a body.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }

  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod;
    const url = route.url ?? route.path;
    route.handler = function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      const user = req.user;
      if (!user) return handler.call(this, req, reply);
      const access: RequestAccess = { user, route: url, rules: o.rules, disclosure };
      req.access = access;
      return runWithAccess(access, () => handler.call(this, req, reply));
    } as RouteHandlerMethod;
  });

  /** Requests refused as coming from another site: recorded even when nobody is signed in (a forged sign-in or sign-out). */
  const crossSite = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    const id = sessionId(req);
    const session = sessions.get(id);
    let user = session?.user ?? null;
    if (session && user?.via === 'local') {
      // Accounts are read again on every request: a disabled or removed account is signed out at once.
      const stored = users.find(user.username);
      if (!stored || stored.disabled) {
        sessions.destroy(id);
        user = null;
      } else {
        user = session.user = toUser(stored);
      }
    }
    req.user = user;
    if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
      crossSite.add(req);
      return reply.status(403).send({ error: 'This request came from another site and was refused.' });
    }
    if (publicRoutes.has(`${req.method} ${path}`)) return;
    if (!user) {
      if (wantsPage(req, path)) return reply.redirect(`/auth/login?next=${encodeURIComponent(req.url.slice(0, 1500))}${id ? '&expired' : ''}`, 302);
      return reply.status(401).header('cache-control', 'no-store').send({ error: 'Sign in to use the dashboard.' });
    }
    if (adminPaths.has(path) && !permissions[user.role].readAudit) {
      return reply.status(403).send({ error: 'The audit log is for administrators.' });
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    const user = req.user;
    if (!user && !crossSite.has(req)) return payload;
    const route = req.routeOptions?.url;
    const status = reply.statusCode;
    const access = req.access;
    // An answer with identifier columns names people (pseudonymised), whichever route sent
    // it: practice compliance or caseloads by worker are about each worker, as rows are
    // about each family. Such views are audited like rows (issue #5: person-level views).
    const identifiers = personLevelColumns(access);
    let event: AuditEvent | undefined;
    if (status === 403) event = 'access_denied';
    else if (status < 300 && route === '/api/rows/:drill') event = 'rows_view';
    else if (status < 300 && route === '/api/export/:name') event = 'export';
    else if (status < 300 && route && auditPaths.has(route)) event = 'audit_view';
    else if (status < 300 && identifiers.length) event = 'rows_view';
    if (!event) return payload;
    const exported = Number(reply.getHeader('x-row-count'));
    let detail: string | null = null;
    if (event === 'access_denied' && typeof payload === 'string') {
      try {
        detail = String(JSON.parse(payload).error ?? '');
      } catch {
        detail = null;
      }
    }
    if (crossSite.has(req)) {
      const said = (h: string) => String(req.headers[h] ?? 'none').slice(0, 200);
      detail = `came from another site (Origin: ${said('origin')}, Sec-Fetch-Site: ${said('sec-fetch-site')})`;
    }
    if (event === 'rows_view') {
      detail = route === '/api/rows/:drill' ? `${reply.getHeader('x-total-count') ?? '?'} rows in all` : `identifiers: ${identifiers.join(', ')}`;
    }
    try {
      await audit.append({
        ...requestFields(req, user),
        event,
        target: access?.entry?.name ?? ((req.params as Record<string, string> | undefined)?.name ?? (req.params as Record<string, string> | undefined)?.drill ?? null),
        filters: JSON.stringify({ filters: access?.filters ?? null, params: access?.params ?? null, asked: req.query ?? null }),
        rowCount: event === 'export' && Number.isFinite(exported) ? exported : (access?.rowCount ?? null),
        status,
        detail,
      });
    } catch (e) {
      o.log(`audit write failed, ${req.method} ${req.url.split('?')[0]} refused: ${(e as Error).message}`);
      for (const h of ['content-disposition', 'x-row-count', 'x-total-count']) reply.removeHeader(h);
      throw new HttpError(503, 'This could not be recorded in the audit log, so it was not sent. Please try again; if it keeps happening, tell the team that runs the dashboard.');
    }
    return payload;
  });

  authRoutes(app, { settings, sessions, limiter, users, oidc, audit, log: o.log });
  auditRoutes(app, audit, integrity, o.log);

  return {
    settings,
    sessions,
    limiter,
    users,
    audit,
    integrity,
    close: async () => {
      sessions.close();
      await audit.close();
    },
  };
}
