import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../HttpError.ts';
import type { AuditRecord } from '../access/AuditLog.ts';
import { pagesCss } from '../access/html.ts';
import { permissions, roleLabels } from '../access/roles.ts';
import { describeScope, type User } from '../access/User.ts';
import type { AccessSettings, AuditSink } from './accessSettings.ts';
import { parseCookies, serializeCookie } from './cookies.ts';
import type { LoginLimiter } from './LoginLimiter.ts';
import { loginPage, safeNext, type LoginPageState } from './loginPage.ts';
import { OidcError, userFromClaims, type OidcClient } from './oidc.ts';
import { verifyNobody, verifyPassword } from './passwords.ts';
import type { SessionStore } from './SessionStore.ts';
import { normaliseUsername, toUser, type UsersFile } from './UsersFile.ts';

export const SESSION_COOKIE = 'fo_session';
/** With Secure, the __Host- prefix also pins the cookie to this host and path / (no Domain). */
export const SECURE_SESSION_COOKIE = '__Host-fo_session';
const OIDC_COOKIE = 'fo_oidc';

export interface AuthDeps {
  settings: AccessSettings;
  sessions: SessionStore;
  limiter: LoginLimiter;
  users: UsersFile;
  oidc?: OidcClient;
  audit: AuditSink;
  log: (m: string) => void;
}

export const isSecure = (req: FastifyRequest, settings: AccessSettings) =>
  settings.secureCookies === 'auto' ? req.protocol === 'https' : settings.secureCookies;

export function sessionId(req: FastifyRequest): string | undefined {
  const c = parseCookies(req.headers.cookie);
  return c.get(SECURE_SESSION_COOKIE) ?? c.get(SESSION_COOKIE);
}

/** The audit fields every record of a request shares. */
export function requestFields(req: FastifyRequest, user: User | null): Pick<AuditRecord, 'username' | 'role' | 'scope' | 'address' | 'method' | 'route'> {
  return {
    username: user?.username ?? null,
    role: user?.role ?? null,
    scope: user ? describeScope(user.scope) : null,
    address: req.ip,
    method: req.method,
    route: req.url.split('?')[0].slice(0, 500),
  };
}

const auditFailed = () =>
  new HttpError(503, 'Signing in could not be recorded in the audit log, so it was not completed. Please try again; if it keeps happening, tell the team that runs the dashboard.');

/** Sign-in, sign-out, single sign-on and "who am I". */
export function authRoutes(app: FastifyInstance, d: AuthDeps): void {
  const { settings, sessions, limiter, users, audit } = d;

  const sendPage = (reply: FastifyReply, status: number, state: Omit<LoginPageState, 'mode'>) =>
    reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(loginPage({ mode: settings.mode, ...state }));

  const record = async (r: AuditRecord) => {
    try {
      await audit.append(r);
    } catch (e) {
      d.log(`audit write failed: ${(e as Error).message}`);
      throw auditFailed();
    }
  };

  const startSession = (req: FastifyRequest, reply: FastifyReply, user: User) => {
    // A new id at every sign-in; an older session of this browser ends.
    sessions.destroy(sessionId(req));
    const id = sessions.create(user);
    const secure = isSecure(req, settings);
    reply.header(
      'set-cookie',
      serializeCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, id, { secure, sameSite: 'Lax', maxAgeSeconds: settings.session.absoluteMs / 1000 }),
    );
    return id;
  };

  app.get('/auth/pages.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(pagesCss));

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/auth/login', async (req, reply) => {
    const next = safeNext(req.query.next);
    if (req.user) return reply.redirect(next, 303);
    const notice = req.query.signedOut !== undefined ? 'You have signed out.' : req.query.expired !== undefined ? 'Your session ended. Sign in again to carry on.' : undefined;
    return sendPage(reply, 200, { next, notice });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/auth/login', async (req, reply) => {
    if (settings.mode !== 'local') throw new HttpError(404, 'Sign in with your council account.');
    const body = req.body && typeof req.body === 'object' ? req.body : {};
    const next = safeNext(body.next);
    const username = typeof body.username === 'string' ? body.username.slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    if (!username.trim()) return sendPage(reply, 400, { next, error: { message: 'Enter your user name', field: 'username' } });
    if (!password) return sendPage(reply, 400, { next, username, error: { message: 'Enter your password', field: 'password' } });

    const name = normaliseUsername(username).slice(0, 100);
    const base = { ...requestFields(req, null), username: name };
    const block = limiter.blocked(req.ip, name);
    if (block) {
      const wait = block.seconds;
      await record({ ...base, event: 'sign_in_blocked', status: 429, detail: `blocked for ${wait} s: too many failures for ${block.limit}` });
      const minutes = Math.ceil(wait / 60);
      reply.header('retry-after', String(wait));
      return sendPage(reply, 429, {
        next,
        username,
        error: { message: `Too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, field: 'password' },
      });
    }

    const stored = users.find(name);
    const ok = stored && !stored.disabled ? await verifyPassword(password, stored.password) : await verifyNobody(password);
    if (!ok) {
      limiter.fail(req.ip, name);
      const why = !stored ? 'no such user' : stored.disabled ? 'account disabled' : 'wrong password';
      await record({ ...base, event: 'sign_in_failed', status: 401, detail: why });
      // The same words whatever went wrong, so the page does not tell which accounts exist.
      return sendPage(reply, 401, { next, username, error: { message: 'The user name or password is not right', field: 'password' } });
    }
    limiter.succeed(req.ip, name);
    const user = toUser(stored!);
    const id = startSession(req, reply, user);
    try {
      await record({ ...requestFields(req, user), event: 'sign_in', status: 303, detail: 'local account' });
    } catch (e) {
      sessions.destroy(id);
      reply.removeHeader('set-cookie');
      throw e;
    }
    return reply.header('cache-control', 'no-store').redirect(next, 303);
  });

  /**
   * Sign-out ends the session before it is recorded, and whether or not the record can be
   * written: a session left alive on a shared office computer because the audit file was
   * full is a worse harm than a sign-out missing from the log, and ending a session shows
   * nothing that needs recording. The request still fails when the record fails (503, the
   * sign-in page saying so), so the person knows, and the server log keeps who it was.
   */
  app.post('/auth/logout', async (req, reply) => {
    const user = req.user;
    sessions.destroy(sessionId(req));
    const secure = isSecure(req, settings);
    reply.header('set-cookie', [
      serializeCookie(SESSION_COOKIE, '', { secure, sameSite: 'Lax', maxAgeSeconds: 0 }),
      ...(secure ? [serializeCookie(SECURE_SESSION_COOKIE, '', { secure, sameSite: 'Lax', maxAgeSeconds: 0 })] : []),
    ]);
    if (user) {
      try {
        await audit.append({ ...requestFields(req, user), event: 'sign_out', status: 303 });
      } catch (e) {
        d.log(`audit write failed: sign-out of ${user.username} from ${req.ip} not recorded (the session was ended): ${(e as Error).message}`);
        return sendPage(reply, 503, {
          next: '/',
          error: { message: 'You are signed out, but it could not be recorded in the audit log. Please tell the team that runs the dashboard.' },
        });
      }
    }
    return reply.header('cache-control', 'no-store').redirect('/auth/login?signedOut', 303);
  });

  /** Who is signed in and what they may do, for the client to show and hide what applies. */
  app.get('/api/session', async (req) => {
    const u = req.user!;
    return { username: u.username, name: u.name, role: u.role, roleLabel: roleLabels[u.role], scope: u.scope, via: u.via, permissions: permissions[u.role] };
  });

  if (!d.oidc) return;
  const oidc = d.oidc;

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/auth/oidc/login', async (req, reply) => {
    let started;
    try {
      started = await oidc.start(safeNext(req.query.next));
    } catch (e) {
      d.log(`single sign-on could not start: ${(e as Error).message}`);
      return sendPage(reply, 503, { next: '/', error: { message: 'The council sign-in service could not be reached. Try again in a few minutes.' } });
    }
    const secure = isSecure(req, settings);
    reply.header('set-cookie', serializeCookie(OIDC_COOKIE, started.pendingId, { secure, sameSite: 'Lax', path: '/auth/oidc', maxAgeSeconds: 600 }));
    return reply.header('cache-control', 'no-store').redirect(started.url.href, 302);
  });

  app.get('/auth/oidc/callback', async (req, reply) => {
    const secure = isSecure(req, settings);
    reply.header('set-cookie', serializeCookie(OIDC_COOKIE, '', { secure, sameSite: 'Lax', path: '/auth/oidc', maxAgeSeconds: 0 }));
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    let claims: Record<string, unknown>;
    let next: string;
    try {
      ({ claims, next } = await oidc.finish(parseCookies(req.headers.cookie).get(OIDC_COOKIE), query));
    } catch (e) {
      if (!(e instanceof OidcError)) d.log(`single sign-on failed: ${(e as Error).stack ?? e}`);
      await record({ ...requestFields(req, null), event: 'sign_in_failed', status: 401, detail: `single sign-on: ${(e as Error).message}` });
      return sendPage(reply, 401, { next: '/', error: { message: 'Signing in with your council account did not complete. Please try again.' } });
    }
    const user = userFromClaims(claims, oidc.settings);
    if ('refused' in user) {
      await record({ ...requestFields(req, null), username: typeof claims.sub === 'string' ? claims.sub : null, event: 'sign_in_failed', status: 403, detail: user.refused });
      return sendPage(reply, 403, { next: '/', error: { message: 'Your council account has no access to this dashboard. Ask your manager or the dashboard team for access.' } });
    }
    const id = startSession(req, reply, user);
    try {
      await record({ ...requestFields(req, user), event: 'sign_in', status: 303, detail: 'single sign-on' });
    } catch (e) {
      sessions.destroy(id);
      reply.removeHeader('set-cookie');
      throw e;
    }
    return reply.header('cache-control', 'no-store').redirect(next, 303);
  });
}
