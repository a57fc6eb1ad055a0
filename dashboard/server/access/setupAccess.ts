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
import { AuditLog, type AuditEvent } from './AuditLog.ts';
import { auditRoutes } from './auditRoutes.ts';
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
const auditPaths = new Set(['/api/audit', '/admin/audit']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Access {
  settings: AccessSettings;
  sessions: SessionStore;
  limiter: LoginLimiter;
  users: UsersFile;
  audit: AuditSink;
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

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
      return reply.status(403).send({ error: 'This request came from another site and was refused.' });
    }
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
    if (publicRoutes.has(`${req.method} ${path}`)) return;
    if (!user) {
      if (wantsPage(req, path)) return reply.redirect(`/auth/login?next=${encodeURIComponent(req.url.slice(0, 1500))}${id ? '&expired' : ''}`, 302);
      return reply.status(401).header('cache-control', 'no-store').send({ error: 'Sign in to use the dashboard.' });
    }
    if (auditPaths.has(path) && !permissions[user.role].readAudit) {
      return reply.status(403).send({ error: 'The audit log is for administrators.' });
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    const user = req.user;
    if (!user) return payload;
    const route = req.routeOptions?.url;
    const status = reply.statusCode;
    let event: AuditEvent | undefined;
    if (status === 403) event = 'access_denied';
    else if (status < 300 && route === '/api/rows/:drill') event = 'rows_view';
    else if (status < 300 && route === '/api/export/:name') event = 'export';
    else if (status < 300 && route && auditPaths.has(route)) event = 'audit_view';
    if (!event) return payload;
    const access = req.access;
    const exported = Number(reply.getHeader('x-row-count'));
    let detail: string | null = null;
    if (event === 'access_denied' && typeof payload === 'string') {
      try {
        detail = String(JSON.parse(payload).error ?? '');
      } catch {
        detail = null;
      }
    }
    if (event === 'rows_view') detail = `${reply.getHeader('x-total-count') ?? '?'} rows in all`;
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
  auditRoutes(app, audit);

  return {
    settings,
    sessions,
    limiter,
    users,
    audit,
    close: async () => {
      sessions.close();
      await audit.close();
    },
  };
}
