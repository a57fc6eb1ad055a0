// Sign-in: every route but the sign-in page, its stylesheet and the health check needs a
// session; sessions live on the server with idle and absolute expiry; cookies are
// HttpOnly, SameSite=Lax and Secure over https; failed sign-ins are rate limited;
// state-changing requests from other sites are refused; the sign-in page is accessible;
// security headers are on pages and the API.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOf, writeAccounts } from './helpers/accounts.ts';
import { accounts, startAccessServer, type AccessServer } from './helpers/accessServer.ts';
import { handMadeDb, type HandMadeDb } from './helpers/handMadeDb.ts';

let h: HandMadeDb;
let server: AccessServer;
let clock = Date.parse('2025-07-01T09:00:00Z');
const now = () => clock;
const MINUTE = 60_000;

beforeAll(async () => {
  h = await handMadeDb();
  const staticDir = join(h.dir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Family outcomes</title><p>client</p>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startAccessServer(h.db, { staticDir, access: { now } });
});
afterAll(async () => {
  await server?.close();
  h?.remove();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...headers },
  body: new URLSearchParams(fields),
});
const login = (username: string, password: string, headers: Record<string, string> = {}, next?: string) =>
  fetch(`${server.url}/auth/login`, form({ username, password, ...(next ? { next } : {}) }, headers));
const cookieFrom = (res: Response) => res.headers.getSetCookie().find((c) => /fo_session=/.test(c))!;
const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
async function freshSession(name: keyof typeof accounts = 'analyst'): Promise<string> {
  const res = await login(accounts[name].username, passwordOf(accounts[name]));
  expect(res.status).toBe(303);
  return cookieFrom(res).split(';')[0];
}

/** Every route the server has, from Fastify's own route tree (so a route added later is covered too). */
function allRoutes(): { method: string; path: string }[] {
  const stack: string[] = [];
  const out: { method: string; path: string }[] = [];
  for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!m) continue;
    const depth = Math.round(m[1].length / 4);
    const path = (depth ? stack[depth - 1] : '') + m[2];
    stack[depth] = path;
    for (const method of m[3].split(', ')) out.push({ method, path });
  }
  return out;
}

const publicRoutes = ['GET /auth/login', 'HEAD /auth/login', 'POST /auth/login', 'POST /auth/logout', 'GET /auth/pages.css', 'HEAD /auth/pages.css', 'GET /api/health', 'HEAD /api/health'];

describe('every route needs a session', () => {
  it('without one: the API answers 401, pages send the browser to the sign-in page; only the public routes answer', async () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(15);
    let checked = 0;
    for (const { method, path } of routes) {
      if (method === 'HEAD') continue;
      const concrete = path === '*' ? '/outcomes' : path.replace(/:\w+/g, 'episodes').replace(/\*$/, 'outcomes');
      const res = await fetch(`${server.url}${concrete}`, { method, redirect: 'manual', headers: { origin: server.url } });
      const where = `${method} ${path}`;
      if (publicRoutes.includes(where)) {
        expect(res.status, where).not.toBe(401);
        continue;
      }
      checked++;
      if (method === 'GET' && !concrete.startsWith('/api/')) {
        expect(res.status, where).toBe(302);
        expect(res.headers.get('location'), where).toBe(`/auth/login?next=${encodeURIComponent(concrete)}`);
      } else {
        expect(res.status, where).toBe(401);
        expect(await res.json(), where).toEqual({ error: 'Sign in to use the dashboard.' });
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
    // The client's page, its script and a client-side route; an unknown API path says 401, not 404.
    for (const path of ['/', '/outcomes?service=FIT', '/assets/app.js', '/api/nope', '/admin/audit']) {
      const res = await get(path);
      expect([302, 401], path).toContain(res.status);
      expect(await res.text(), path).not.toMatch(/client|console\.log/);
    }
    // A made-up or tampered cookie is no session.
    expect((await get('/api/meta', 'fo_session=forged')).status).toBe(401);
  });

  it('with one: the same requests answer', async () => {
    const cookie = await freshSession();
    expect((await get('/api/meta', cookie)).status).toBe(200);
    expect(await (await get('/', cookie)).text()).toMatch(/client/);
    expect((await get('/assets/app.js', cookie)).status).toBe(200);
  });

  it('the public routes: the sign-in page, its stylesheet and the health check', async () => {
    expect((await get('/auth/login')).status).toBe(200);
    expect((await get('/auth/pages.css')).headers.get('content-type')).toMatch(/text\/css/);
    expect(await (await get('/api/health')).json()).toMatchObject({ ok: true });
  });
});

describe('signing in and out', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie (not Secure over plain http) and goes to the page asked for', async () => {
    const res = await login('analyst', passwordOf(accounts.analyst), {}, '/outcomes?service=FIT');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/outcomes?service=FIT');
    const cookie = cookieFrom(res);
    expect(cookie).toMatch(/^fo_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('never sends the browser to another site afterwards', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      expect((await login('analyst', passwordOf(accounts.analyst), {}, next)).headers.get('location'), next).toBe('/');
    }
  });

  it('user names are not case-sensitive', async () => {
    expect((await login('  ANALYST ', passwordOf(accounts.analyst))).status).toBe(303);
  });

  it('a wrong password or an unknown user get the same answer', async () => {
    const wrong = await login('commissioner', 'nope');
    const unknown = await login('nobody', 'nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(await wrong.text())).toBe(strip(await unknown.text()));
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('signing out ends the session on the server (the old cookie no longer works) and clears the cookie', async () => {
    const cookie = await freshSession();
    expect((await get('/api/meta', cookie)).status).toBe(200);
    const out = await fetch(`${server.url}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: server.url } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/auth/login?signedOut');
    expect(out.headers.getSetCookie()[0]).toMatch(/^fo_session=; .*Max-Age=0/);
    expect((await get('/api/meta', cookie)).status).toBe(401);
    expect(await (await get('/auth/login?signedOut')).text()).toMatch(/role="status">You have signed out\./);
  });

  it('signing in again gives a new session id (no fixation)', async () => {
    const a = await freshSession();
    const res = await fetch(`${server.url}/auth/login`, form({ username: 'analyst', password: passwordOf(accounts.analyst) }, { cookie: a }));
    const b = cookieFrom(res).split(';')[0];
    expect(b).not.toBe(a);
    expect((await get('/api/meta', a)).status).toBe(401);
    expect((await get('/api/meta', b)).status).toBe(200);
  });
});

describe('sessions expire on the server', () => {
  it('after 30 minutes idle; activity keeps one alive until the absolute limit (10 hours)', async () => {
    const idle = await freshSession();
    const busy = await freshSession();
    for (let i = 0; i < 3; i++) {
      clock += 20 * MINUTE;
      expect((await get('/api/session', busy)).status).toBe(200);
    }
    expect((await get('/api/session', idle)).status).toBe(401);
    // A page request with an expired session goes to the sign-in page, saying why.
    expect((await get('/outcomes', idle)).headers.get('location')).toBe('/auth/login?next=%2Foutcomes&expired');
    for (let i = 0; i < 30; i++) {
      clock += 20 * MINUTE;
      await get('/api/session', busy);
    }
    expect((await get('/api/session', busy)).status).toBe(401);
  });

  it('an account disabled (or removed) in the users file is signed out at its next request', async () => {
    const cookie = await freshSession('smFit');
    expect((await get('/api/session', cookie)).status).toBe(200);
    await writeAccounts(
      Object.values(accounts).map((a) => (a.username === 'sm-fit' ? { ...a, disabled: true } : a)),
      server.usersFile,
    );
    expect((await get('/api/session', cookie)).status).toBe(401);
    expect((await login('sm-fit', passwordOf(accounts.smFit))).status).toBe(401);
    await writeAccounts(Object.values(accounts), server.usersFile);
  });
});

describe('failed sign-ins are rate limited per address and user name', () => {
  it('5 failures, then 429 with Retry-After, even with the right password; another user is not blocked; the block ends after 15 minutes', async () => {
    for (let i = 0; i < 5; i++) expect((await login('admin', `guess ${i}`)).status).toBe(401);
    const blocked = await login('admin', passwordOf(accounts.admin));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    const page = await blocked.text();
    expect(page).toMatch(/Too many failed attempts to sign in\. Wait 15 minutes/);
    expect(blocked.headers.getSetCookie()).toEqual([]);
    expect((await login('commissioner', passwordOf(accounts.commissioner))).status).toBe(303);
    clock += 15 * MINUTE + 1000;
    expect((await login('admin', passwordOf(accounts.admin))).status).toBe(303);
  });

  it('a success clears the count', async () => {
    for (let i = 0; i < 4; i++) await login('sm-hadley', 'wrong');
    expect((await login('sm-hadley', passwordOf(accounts.smHadley))).status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login('sm-hadley', 'wrong')).status).toBe(401);
    expect((await login('sm-hadley', passwordOf(accounts.smHadley))).status).toBe(303);
  });
});

describe('failed sign-ins are limited per address and per account, over HTTP from many addresses', () => {
  /** A sign-in form post from a given client address (as the socket's peer, fastify's req.ip). */
  const attempt = (address: string, username: string, password: string) =>
    server.app.inject({
      method: 'POST',
      url: '/auth/login',
      remoteAddress: address,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({ username, password }).toString(),
    });

  it('10 failures for one user name from 10 addresses block it from every address, right password included, for 15 minutes', async () => {
    for (let i = 1; i <= 10; i++) expect((await attempt(`198.51.100.${i}`, 'sm-hadley-fit', `guess ${i}`)).statusCode).toBe(401);
    // The owner, from an address that never failed: all ten failures at this instant, so 15 minutes to wait.
    const owner = await attempt('192.0.2.7', 'sm-hadley-fit', passwordOf(accounts.smHadleyFit));
    expect(owner.statusCode).toBe(429);
    expect(owner.headers['retry-after']).toBe('900');
    expect(owner.headers['set-cookie']).toBeUndefined();
    expect(owner.body).toMatch(/Too many failed attempts to sign in\. Wait 15 minutes/);
    const { entries } = await server.access.audit.read({ event: 'sign_in_blocked', username: 'sm-hadley-fit', limit: 5, offset: 0 });
    expect(entries[0]).toMatchObject({ address: '192.0.2.7', status: 429, detail: 'blocked for 900 s: too many failures for this user name from all addresses' });
    // Other accounts from the same addresses are not blocked.
    expect((await attempt('198.51.100.1', 'commissioner', passwordOf(accounts.commissioner))).statusCode).toBe(303);
    clock += 15 * MINUTE - 1000;
    expect((await attempt('192.0.2.7', 'sm-hadley-fit', passwordOf(accounts.smHadleyFit))).headers['retry-after']).toBe('1');
    // The failures leave the window: the owner signs in from wherever they are.
    clock += 1000;
    expect((await attempt('192.0.2.7', 'sm-hadley-fit', passwordOf(accounts.smHadleyFit))).statusCode).toBe(303);
  });

  it('30 failures from one address over any user names block that address for everyone, not other addresses, for 15 minutes', async () => {
    for (let i = 0; i < 30; i++) expect((await attempt('203.0.113.9', `sprayed-${i}`, 'Winter2025!')).statusCode).toBe(401);
    const blocked = await attempt('203.0.113.9', 'analyst', passwordOf(accounts.analyst));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('900');
    const { entries } = await server.access.audit.read({ event: 'sign_in_blocked', username: 'analyst', limit: 5, offset: 0 });
    expect(entries[0]).toMatchObject({ address: '203.0.113.9', detail: 'blocked for 900 s: too many failures for this address' });
    expect((await attempt('203.0.113.10', 'analyst', passwordOf(accounts.analyst))).statusCode).toBe(303);
    clock += 15 * MINUTE;
    expect((await attempt('203.0.113.9', 'analyst', passwordOf(accounts.analyst))).statusCode).toBe(303);
  });
});

describe('requests from other sites that change state are refused', () => {
  it('sign-in and sign-out need this origin (Origin or Sec-Fetch-Site)', async () => {
    const cookie = await freshSession();
    const cases: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: server.url, 'sec-fetch-site': 'same-site' },
      { origin: '' },
    ];
    for (const headers of cases) {
      const h2 = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
      const res = await fetch(`${server.url}/auth/login`, { ...form({ username: 'analyst', password: passwordOf(accounts.analyst) }), headers: { 'content-type': 'application/x-www-form-urlencoded', ...h2 } });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
      const out = await fetch(`${server.url}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, ...h2 } });
      expect(out.status, JSON.stringify(headers)).toBe(403);
    }
    // The session survived every cross-site sign-out.
    expect((await get('/api/session', cookie)).status).toBe(200);
    expect((await login('analyst', passwordOf(accounts.analyst), { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
  });
});

describe('behind an https proxy', () => {
  let proxied: AccessServer;
  beforeAll(async () => {
    proxied = await startAccessServer(h.db, { env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => proxied?.close());

  it('cookies are Secure with the __Host- prefix when the proxy says https, and HSTS is sent', async () => {
    const res = await fetch(`${proxied.url}/auth/login`, {
      ...form({ username: 'analyst', password: passwordOf(accounts.analyst) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: proxied.url.replace('http:', 'https:'), 'x-forwarded-proto': 'https' },
    });
    expect(res.status).toBe(303);
    const cookie = cookieFrom(res);
    expect(cookie).toMatch(/^__Host-fo_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    const ok = await fetch(`${proxied.url}/api/session`, { headers: { cookie: cookie.split(';')[0], 'x-forwarded-proto': 'https' } });
    expect(ok.status).toBe(200);
  });

  it('COOKIE_SECURE=true makes cookies Secure whatever the request says', async () => {
    const s = await startAccessServer(h.db, { env: { COOKIE_SECURE: 'true' } });
    try {
      const res = await fetch(`${s.url}/auth/login`, { ...form({ username: 'analyst', password: passwordOf(accounts.analyst) }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.url } });
      expect(cookieFrom(res)).toMatch(/^__Host-fo_session=.*; Secure$/);
    } finally {
      await s.close();
    }
  });
});

describe('security headers on pages and the API', () => {
  it('CSP with frame-ancestors none, nosniff, referrer policy, frame denial: on the sign-in page, the API, errors and the audit page', async () => {
    const cookie = await freshSession('admin');
    const responses = [
      await get('/auth/login'),
      await login('admin', 'wrong'),
      await get('/api/meta'),
      await get('/api/meta', cookie),
      await get('/api/indicators/episode_status', cookie),
      await get('/api/indicators/nope', cookie),
      await get('/admin/audit', cookie),
      await get('/', cookie),
      await get('/outcomes'),
    ];
    for (const res of responses) {
      const where = `${res.url} ${res.status}`;
      expect(res.headers.get('content-security-policy'), where).toMatch(/default-src 'self'/);
      expect(res.headers.get('content-security-policy'), where).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy'), where).toMatch(/script-src 'self'/);
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), where).toBe('DENY');
    }
    expect((await get('/api/meta', cookie)).headers.get('cache-control')).toBe('no-store');
    expect((await get('/auth/login')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('the sign-in page is accessible', () => {
  const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

  async function axeViolations(html: string): Promise<string[]> {
    const dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true, url: server.url });
    const { readFileSync } = await import('node:fs');
    dom.window.eval(readFileSync(axeSource, 'utf8'));
    const axe = (dom.window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; help: string }[] }> } }).axe;
    // Colour contrast needs layout, which jsdom has not: the colours are chosen for AA in html.ts.
    const result = await axe.run(dom.window.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, rules: { 'color-contrast': { enabled: false } } });
    dom.window.close();
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  }

  it('fields have labels, autocomplete and no script; axe finds nothing', async () => {
    const html = await (await get('/auth/login')).text();
    expect(html).toMatch(/<html lang="en-GB">/);
    expect(html).toMatch(/<label for="username">User name<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toMatch(/id="username" name="username" autocomplete="username"/);
    expect(html).toMatch(/id="password" name="password" autocomplete="current-password"/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).not.toMatch(/<script/);
    expect(html).toMatch(/<title>Sign in - Family outcomes<\/title>/);
    expect(await axeViolations(html)).toEqual([]);
  });

  it('an error is announced (role=alert), focused, linked to its field, and the title starts with Error', async () => {
    const res = await login('analyst', 'wrong');
    const html = await res.text();
    expect(html).toMatch(/<title>Error: Sign in - Family outcomes<\/title>/);
    const dom = new JSDOM(html);
    const doc = dom.window.document;
    const summary = doc.querySelector('.error-summary')!;
    expect(summary.getAttribute('role')).toBe('alert');
    expect(summary.hasAttribute('autofocus')).toBe(true);
    expect(summary.querySelector('a')!.getAttribute('href')).toBe('#password');
    expect(summary.textContent).toMatch(/The user name or password is not right/);
    const password = doc.getElementById('password')!;
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(doc.getElementById(password.getAttribute('aria-describedby')!)!.textContent).toMatch(/not right/);
    // The user name is kept; the password is never sent back.
    expect((doc.getElementById('username') as HTMLInputElement).value).toBe('analyst');
    expect((doc.getElementById('password') as HTMLInputElement).value).toBe('');
    expect(await axeViolations(html)).toEqual([]);
    // An empty field names what to do.
    const empty = await (await login('', '')).text();
    expect(empty).toMatch(/href="#username">Enter your user name/);
  });

  it('works by keyboard: the fields and the button are in order, and a skip link leads to the main content', async () => {
    const doc = new JSDOM(await (await get('/auth/login')).text()).window.document;
    const focusable = [...doc.querySelectorAll('a[href], input:not([type=hidden]), button')].map((e) => e.id || e.textContent?.trim());
    expect(focusable).toEqual(['Skip to main content', 'username', 'password', 'Sign in']);
    expect(doc.querySelector('[tabindex]:not([tabindex="-1"])')).toBeNull();
  });
});
