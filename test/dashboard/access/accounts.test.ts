// Passwords (scrypt with per-user salt and parameters), the users file, the session
// store and the sign-in limiter, on their own with a fake clock.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../dashboard/server/access/User.ts';
import { LoginLimiter } from '../../../dashboard/server/auth/LoginLimiter.ts';
import { hashPassword, randomPassword, verifyPassword } from '../../../dashboard/server/auth/passwords.ts';
import { SessionStore } from '../../../dashboard/server/auth/SessionStore.ts';
import { toUser, UsersFile, validateUsers, writeUsersFile } from '../../../dashboard/server/auth/UsersFile.ts';

const fast = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('are stored as scrypt with their own salt and parameters, and checked with them', async () => {
    const a = await hashPassword('correct horse', fast);
    const b = await hashPassword('correct horse', fast);
    expect(a).toMatchObject({ scheme: 'scrypt', N: 1024, r: 8, p: 1 });
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(JSON.stringify(a)).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct hors', a)).toBe(false);
    expect(await verifyPassword('Correct horse', a)).toBe(false);
    // The default cost is the interactive one.
    expect(await hashPassword('x')).toMatchObject({ N: 32768, r: 8, p: 1 });
  });

  it('a tampered or absurd stored hash never matches and never runs away', async () => {
    const a = await hashPassword('pw', fast);
    expect(await verifyPassword('pw', { ...a, N: 2 ** 30 })).toBe(false);
    expect(await verifyPassword('pw', { ...a, N: 1000 })).toBe(false);
    expect(await verifyPassword('pw', { ...a, hash: '' })).toBe(false);
    expect(await verifyPassword('pw', { ...a, scheme: 'md5' as 'scrypt' })).toBe(false);
  });

  it('generated passwords are long and varied', () => {
    const ps = Array.from({ length: 50 }, () => randomPassword());
    expect(new Set(ps).size).toBe(50);
    expect(ps.every((p) => /^[A-Za-z2-9]{20}$/.test(p) && !/[0O1lI]/.test(p))).toBe(true);
  });
});

describe('the users file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'users-'));

  it('is validated with messages naming the account', async () => {
    const password = await hashPassword('pw', fast);
    expect(() => validateUsers({}, 'f')).toThrow(/expected \{"users"/);
    expect(() => validateUsers({ users: [{ username: 'a b', role: 'admin', password }] }, 'f')).toThrow(/user 1 \(a b\): username/);
    expect(() => validateUsers({ users: [{ username: 'x', role: 'boss', password }] }, 'f')).toThrow(/role must be/);
    expect(() => validateUsers({ users: [{ username: 'sm', role: 'service_manager', password }] }, 'f')).toThrow(/service manager needs "services" and\/or "localities"/);
    expect(() => validateUsers({ users: [{ username: 'sm', role: 'service_manager', localities: [], password }] }, 'f')).toThrow(/service manager needs/);
    expect(() => validateUsers({ users: [{ username: 'X', role: 'admin', password }, { username: 'x', role: 'analyst', password }] }, 'f')).toThrow(/appears twice/);
    expect(() => validateUsers({ users: [{ username: 'x', role: 'admin', password: 'plain' }] }, 'f')).toThrow(/scrypt hash/);
  });

  it('scope applies to service managers only', async () => {
    const password = await hashPassword('pw', fast);
    const u: User = toUser({ username: 'a', role: 'analyst', localities: ['North'], password });
    expect(u.scope).toEqual({});
    expect(toUser({ username: 's', role: 'service_manager', services: ['FIT'], password }).scope).toEqual({ services: ['FIT'] });
  });

  it('is written owner-only and read again when it changes; a broken edit keeps the last good accounts', async () => {
    const path = join(dir, 'users.json');
    const password = await hashPassword('pw', fast);
    writeUsersFile(path, { users: [{ username: 'Ann', role: 'admin', password }] });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const log: string[] = [];
    const f = new UsersFile(path, (m) => log.push(m));
    expect(f.find('ann')?.role).toBe('admin');
    writeUsersFile(path, { users: [{ username: 'ann', role: 'analyst', password }, { username: 'bob', role: 'commissioner', password }] });
    expect(f.find('ANN')?.role).toBe('analyst');
    expect(f.size).toBe(2);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"analyst"', '"boss"') + ' ');
    expect(f.find('ann')?.role).toBe('analyst');
    expect(log.join()).toMatch(/not reloaded/);
    // A missing file is no accounts (the server says so), not a crash.
    expect(new UsersFile(join(dir, 'none.json')).size).toBe(0);
  });
});

describe('sessions', () => {
  const user: User = { username: 'a', name: 'A', role: 'analyst', scope: {}, via: 'local' };

  it('have random ids, are stored by hash, expire when idle or too old, and end on sign-out', () => {
    let t = 0;
    const s = new SessionStore({ idleMs: 1000, absoluteMs: 5000 }, () => t);
    const id = s.create(user);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify([...(s as unknown as { sessions: Map<string, unknown> }).sessions.keys()])).not.toContain(id);
    t = 900;
    expect(s.get(id)?.user.username).toBe('a');
    t = 1800;
    expect(s.get(id)).toBeDefined();
    t = 2900;
    expect(s.get(id)).toBeUndefined();
    const old = s.create(user);
    for (t = 3000; t <= 8000; t += 900) s.get(old);
    expect(s.get(old)).toBeUndefined();
    const gone = s.create(user);
    s.destroy(gone);
    expect(s.get(gone)).toBeUndefined();
    expect(s.get('x'.repeat(500))).toBeUndefined();
    s.close();
  });
});

describe('the sign-in limiter', () => {
  it('blocks an address and user name after N failures until the window passes; other names and addresses are free', () => {
    let t = 0;
    const l = new LoginLimiter({ maxFailuresPerUser: 3, maxFailuresPerAddress: 5, windowMs: 60_000 }, () => t);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('1.1.1.1', 'ann')).toBe(0);
      l.fail('1.1.1.1', 'ann');
      t += 1000;
    }
    expect(l.retryAfter('1.1.1.1', 'ann')).toBe(57);
    expect(l.retryAfter('1.1.1.1', 'bob')).toBe(0);
    expect(l.retryAfter('2.2.2.2', 'ann')).toBe(0);
    t = 60_001;
    expect(l.retryAfter('1.1.1.1', 'ann')).toBe(0);
  });

  it('many names from one address are blocked too (password spraying)', () => {
    const l = new LoginLimiter({ maxFailuresPerUser: 3, maxFailuresPerAddress: 5, windowMs: 60_000 }, () => 0);
    for (let i = 0; i < 5; i++) l.fail('1.1.1.1', `user${i}`);
    expect(l.retryAfter('1.1.1.1', 'fresh')).toBeGreaterThan(0);
  });

  it('one user name from many addresses is blocked too (credential stuffing), from every address, until the window passes', () => {
    let t = 0;
    const l = new LoginLimiter({ maxFailuresPerUser: 3, maxFailuresPerAddress: 5, maxFailuresPerAccount: 4, windowMs: 60_000 }, () => t);
    for (let i = 0; i < 4; i++) {
      expect(l.blocked(`10.0.0.${i}`, 'ann')).toBeUndefined();
      l.fail(`10.0.0.${i}`, 'ann');
      t += 1000;
    }
    // t = 4 s; the oldest of the four failures (at 0) leaves the 60 s window in 56 s.
    expect(l.blocked('10.9.9.9', 'ann')).toEqual({ seconds: 56, limit: 'this user name from all addresses' });
    expect(l.blocked('10.0.0.0', 'bob')).toBeUndefined();
    // The owner signing in elsewhere does not clear failures made from other addresses.
    l.succeed('10.9.9.9', 'ann');
    expect(l.retryAfter('10.9.9.9', 'ann')).toBe(56);
    t = 60_000;
    expect(l.blocked('10.9.9.9', 'ann')).toBeUndefined();
  });

  it('the longest wait wins, naming its limit', () => {
    let t = 0;
    const l = new LoginLimiter({ maxFailuresPerUser: 1, maxFailuresPerAddress: 50, maxFailuresPerAccount: 2, windowMs: 60_000 }, () => t);
    l.fail('b', 'x');
    t = 20_000;
    l.fail('a', 'x');
    // From a: its own failure (at 20 s) leaves the window at 80 s, 60 s from now; the account's two (0 s and 20 s) fall below 2 at 60 s, 40 s from now.
    expect(l.blocked('a', 'x')).toEqual({ seconds: 60, limit: 'user name from this address' });
    expect(l.blocked('c', 'x')).toEqual({ seconds: 40, limit: 'this user name from all addresses' });
  });

  it('a success clears that name', () => {
    const l = new LoginLimiter({ maxFailuresPerUser: 2, maxFailuresPerAddress: 50, windowMs: 60_000 }, () => 0);
    l.fail('a', 'x');
    l.succeed('a', 'x');
    l.fail('a', 'x');
    expect(l.retryAfter('a', 'x')).toBe(0);
    l.fail('a', 'x');
    expect(l.retryAfter('a', 'x')).toBeGreaterThan(0);
  });
});
