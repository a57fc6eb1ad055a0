// Single sign-on with OpenID Connect (AUTH_MODE=oidc), against a fake provider run here on
// 127.0.0.1 (helpers/fakeOidcProvider.ts): authorization code with PKCE (S256), state and
// nonce checked, the ID token's signature checked against the provider's JWKS, and the
// provider's roles claim mapped to our roles and scope by configuration.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userFromClaims, type OidcSettings } from '../../../dashboard/server/auth/oidc.ts';
import { startAccessServer, type AccessServer } from './helpers/accessServer.ts';
import { s256, startFakeProvider, type FakeProvider } from './helpers/fakeOidcProvider.ts';
import { handMadeDb, type HandMadeDb } from './helpers/handMadeDb.ts';
import { failingAuditSink } from './helpers/failingAuditSink.ts';

let h: HandMadeDb;
let provider: FakeProvider;
let server: AccessServer;
// The callback as registered at the provider. The server learns its port only when it
// listens, so the test follows the provider's redirect to this path on the real server.
const redirectUri = 'http://127.0.0.1:9/auth/oidc/callback';
// The server's clock (a started sign-in lasts 10 minutes by it); the provider's ID tokens
// are checked against the real time, which this does not move.
let clock = Date.now();
const MINUTE = 60_000;
const oidcEnv = () => ({
  AUTH_MODE: 'oidc',
  OIDC_ISSUER: provider.issuer,
  OIDC_CLIENT_ID: provider.clientId,
  OIDC_CLIENT_SECRET: provider.clientSecret,
  OIDC_REDIRECT_URI: redirectUri,
  OIDC_ROLE_CLAIM: 'groups',
  OIDC_ROLE_MAP: JSON.stringify({
    'FO-Analysts': 'analyst',
    'FO-Admins': 'admin',
    'FO-Commissioners': 'commissioner',
    'FO-SM-Hadley': { role: 'service_manager', localities: ['Hadley'] },
    'FO-SM-FIT': { role: 'service_manager', services: ['FIT'] },
  }),
});

beforeAll(async () => {
  h = await handMadeDb();
  provider = await startFakeProvider();
  server = await startAccessServer(h.db, { env: oidcEnv(), access: { now: () => clock } });
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
  h?.remove();
});
beforeEach(() => {
  provider.behaviour = { claims: {} };
});

const cookieValue = (res: Response, name: RegExp) => res.headers.getSetCookie().find((c) => name.test(c));

/** The browser starts at the server: the pending sign-in's cookie ("fo_oidc=...") and where the provider is. */
async function startSignIn(at: AccessServer = server, next = '/outcomes') {
  const start = await fetch(`${at.url}/auth/oidc/login?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const pending = cookieValue(start, /^fo_oidc=/)!;
  expect(pending).toMatch(/HttpOnly; SameSite=Lax/);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(provider.issuer);
  return { pending: pending.split(';')[0], authorize };
}

/** The provider signs the person in at once and sends the browser back to the callback. */
async function throughProvider(authorize: URL): Promise<URL> {
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(atProvider.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(redirectUri);
  return back;
}

const callbackAt = (at: AccessServer, back: URL, cookie?: string) =>
  fetch(`${at.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** The browser's part: start at the server, through the provider, back to the callback. */
async function signInThroughProvider(opts: { next?: string; editCallback?: (u: URL) => void; dropStateCookie?: boolean; beforeCallback?: () => void; at?: AccessServer } = {}) {
  const at = opts.at ?? server;
  const { pending, authorize } = await startSignIn(at, opts.next);
  const back = await throughProvider(authorize);
  opts.editCallback?.(back);
  opts.beforeCallback?.();
  const callback = await callbackAt(at, back, opts.dropStateCookie ? undefined : pending);
  const session = cookieValue(callback, /^fo_session=/)?.split(';')[0];
  return { callback, session, back, pending };
}

const lastFailure = async () => (await server.access.audit.read({ event: 'sign_in_failed', limit: 1, offset: 0 })).entries[0];

const sessionOf = async (cookie: string) => (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json();

describe('single sign-on', () => {
  it('the sign-in page offers the council sign-in and no password form', async () => {
    const html = await (await fetch(`${server.url}/auth/login`)).text();
    expect(html).toMatch(/Sign in with your council account/);
    expect(html).not.toMatch(/type="password"/);
    const post = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=analyst&password=x' });
    expect(post.status).toBe(404);
  });

  it('authorization code with PKCE S256, state and nonce; the groups claim maps to a scoped service manager', async () => {
    provider.behaviour = { claims: { preferred_username: 'J.Smith@council.example', name: 'Jo Smith', groups: ['Staff', 'FO-SM-Hadley'] } };
    const { callback, session } = await signInThroughProvider({ next: '/practice?team=x' });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/practice?team=x');
    expect(session).toBeTruthy();

    const a = provider.authorizeRequests.at(-1)!;
    expect(a).toMatchObject({ client_id: provider.clientId, response_type: 'code', code_challenge_method: 'S256', redirect_uri: redirectUri });
    expect(a.scope.split(' ')).toContain('openid');
    expect(a.state.length).toBeGreaterThanOrEqual(20);
    expect(a.nonce.length).toBeGreaterThanOrEqual(20);
    const t = provider.tokenRequests.at(-1)!;
    // The verifier sent to the token endpoint is the one behind the challenge, and was never in the browser's URL.
    expect(s256(t.code_verifier)).toBe(a.code_challenge);
    expect(t.client_secret).toBe(provider.clientSecret);

    expect(await sessionOf(session!)).toMatchObject({ username: 'j.smith@council.example', name: 'Jo Smith', role: 'service_manager', scope: { localities: ['Hadley'] }, via: 'oidc' });
    // The scope from the claim applies like a local account's.
    expect((await fetch(`${server.url}/api/rows/episodes?locality=Wellington`, { headers: { cookie: session! } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/rows/episodes`, { headers: { cookie: session! } })).headers.get('x-total-count')).toBe('11');
  });

  it('several groups: the role with most rights wins', async () => {
    provider.behaviour = { claims: { preferred_username: 'boss', groups: ['FO-Commissioners', 'FO-Admins'] } };
    const { session } = await signInThroughProvider();
    expect((await sessionOf(session!)).role).toBe('admin');
  });

  it('a tampered state is refused, and nothing is exchanged', async () => {
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] } };
    const tokens = provider.tokenRequests.length;
    const { callback, session } = await signInThroughProvider({ editCallback: (u) => u.searchParams.set('state', 'forged-state-value') });
    expect(callback.status).toBe(401);
    expect(session).toBeUndefined();
    expect(await callback.text()).toMatch(/did not complete/);
    expect(provider.tokenRequests.length).toBe(tokens);
    expect((await lastFailure()).detail).toMatch(/^single sign-on: the provider's answer was refused: .*state/);
    // No state at all is refused the same way.
    expect((await signInThroughProvider({ editCallback: (u) => u.searchParams.delete('state') })).callback.status).toBe(401);
    expect(provider.tokenRequests.length).toBe(tokens);
  });

  it('an ID token with another nonce is refused', async () => {
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] }, nonce: 'some-other-nonce' };
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(401);
    expect(session).toBeUndefined();
    expect((await lastFailure()).detail).toMatch(/nonce/);
  });

  it("PKCE: a code from someone else's sign-in, sent back with this browser's state (code injection), is refused", async () => {
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] } };
    const victim = await startSignIn();
    const attacker = await startSignIn();
    const victimBack = await throughProvider(victim.authorize);
    const attackerBack = await throughProvider(attacker.authorize);
    const injected = new URL(victimBack);
    injected.searchParams.set('code', attackerBack.searchParams.get('code')!);
    const res = await callbackAt(server, injected, victim.pending);
    expect(res.status).toBe(401);
    expect(cookieValue(res, /^fo_session=/)).toBeUndefined();
    // The server sent the verifier of the sign-in this browser started, which is not the
    // one behind the challenge the attacker's code was issued for: the provider refuses it.
    const sent = provider.tokenRequests.at(-1)!;
    expect(sent.code).toBe(attackerBack.searchParams.get('code'));
    expect(s256(sent.code_verifier)).toBe(victim.authorize.searchParams.get('code_challenge'));
    expect(s256(sent.code_verifier)).not.toBe(attacker.authorize.searchParams.get('code_challenge'));
    expect((await lastFailure()).detail).toMatch(/invalid_grant: PKCE verification failed/);
  });

  it('a started sign-in lasts 10 minutes: at 10 minutes it completes, a second later it is refused', async () => {
    provider.behaviour = { claims: { preferred_username: 'slow', groups: ['FO-Analysts'] } };
    const inTime = await signInThroughProvider({ beforeCallback: () => (clock += 10 * MINUTE) });
    expect(inTime.callback.status).toBe(303);
    const tokens = provider.tokenRequests.length;
    const late = await signInThroughProvider({ beforeCallback: () => (clock += 10 * MINUTE + 1000) });
    expect(late.callback.status).toBe(401);
    expect(late.session).toBeUndefined();
    expect(provider.tokenRequests.length).toBe(tokens);
    expect((await lastFailure()).detail).toBe('single sign-on: the sign-in had expired or was not started here');
  });

  it('an ID token signed with a key not in the JWKS, or for another audience, is refused', async () => {
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] }, foreignKey: true };
    expect((await signInThroughProvider()).callback.status).toBe(401);
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] }, audience: 'someone-else' };
    expect((await signInThroughProvider()).callback.status).toBe(401);
  });

  it('a callback without the sign-in this browser started (login CSRF), or used twice, is refused', async () => {
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] } };
    expect((await signInThroughProvider({ dropStateCookie: true })).callback.status).toBe(401);
    const { back, callback, pending } = await signInThroughProvider();
    expect(callback.status).toBe(303);
    // The same callback again, with the same browser's cookie: the started sign-in was used up.
    const tokens = provider.tokenRequests.length;
    const again = await callbackAt(server, back, pending);
    expect(again.status).toBe(401);
    expect(cookieValue(again, /^fo_session=/)).toBeUndefined();
    expect(provider.tokenRequests.length).toBe(tokens);
    expect((await lastFailure()).detail).toBe('single sign-on: the sign-in had expired or was not started here');
  });

  it('a person with no mapped group has no access (403), and it is recorded', async () => {
    provider.behaviour = { claims: { preferred_username: 'visitor', groups: ['Staff'] } };
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(403);
    expect(session).toBeUndefined();
    expect(await callback.text()).toMatch(/no access to this dashboard/);
    const { entries } = await server.access.audit.read({ event: 'sign_in_failed', limit: 20, offset: 0 });
    expect(entries.some((e) => /visitor has no role/.test(e.detail ?? ''))).toBe(true);
    const ok = await server.access.audit.read({ event: 'sign_in', limit: 20, offset: 0 });
    expect(ok.entries.some((e) => e.username === 'j.smith@council.example' && e.detail === 'single sign-on')).toBe(true);
  });
});

describe('single sign-on when the audit log cannot be written', () => {
  let broken: AccessServer;
  let audit: Awaited<ReturnType<typeof failingAuditSink>>;
  beforeAll(async () => {
    audit = await failingAuditSink(join(h.dir, 'audit-oidc-broken.duckdb'));
    broken = await startAccessServer(h.db, { env: oidcEnv(), access: { audit: audit.sink } });
    audit.failing = true;
  });
  afterAll(() => broken?.close());

  it('a sign-in does not complete (503, no session); refusals answer 503 too', async () => {
    provider.behaviour = { claims: { preferred_username: 'a', groups: ['FO-Analysts'] } };
    let from = audit.attempted.length;
    const ok = await signInThroughProvider({ at: broken });
    expect(ok.callback.status).toBe(503);
    expect(ok.session).toBeUndefined();
    expect((await ok.callback.json()).error).toMatch(/could not be recorded in the audit log/);
    expect(audit.attempted.slice(from)).toEqual(['sign_in']);
    // A person with no role here, and a callback this browser did not start: refused, but not as a 401/403 that was never recorded.
    from = audit.attempted.length;
    provider.behaviour = { claims: { preferred_username: 'visitor', groups: ['Staff'] } };
    expect((await signInThroughProvider({ at: broken })).callback.status).toBe(503);
    expect((await signInThroughProvider({ at: broken, dropStateCookie: true })).callback.status).toBe(503);
    expect(audit.attempted.slice(from)).toEqual(['sign_in_failed', 'sign_in_failed']);
  });
});

describe('mapping claims to roles (configuration)', () => {
  const settings: OidcSettings = {
    issuer: 'https://idp.example',
    clientId: 'c',
    redirectUri: 'https://dash.example/auth/oidc/callback',
    roleMap: { A: 'analyst', SM: { role: 'service_manager' }, 'SM-N': { role: 'service_manager', localities: ['North'] } },
    localityClaim: 'localities',
  };
  it('service managers need a scope from the map or a claim; unknown roles in the map are refused', () => {
    expect(userFromClaims({ sub: 's', groups: [] , roles: ['SM'] }, settings)).toEqual({ refused: 's is a service manager with no localities or services' });
    expect(userFromClaims({ sub: 's', roles: ['SM'], localities: ['South', 'East'] }, settings)).toMatchObject({ role: 'service_manager', scope: { localities: ['East', 'South'] } });
    expect(userFromClaims({ sub: 's', roles: 'SM-N A' }, settings)).toMatchObject({ role: 'analyst', scope: {} });
    expect(() => userFromClaims({ sub: 's' }, { ...settings, roleMap: { X: 'superuser' as never } })).toThrow(/role must be one of/);
  });
});
