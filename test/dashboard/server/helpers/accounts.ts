import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../../dashboard/server/access/roles.ts';
import { hashPassword } from '../../../../dashboard/server/auth/passwords.ts';
import { writeUsersFile, type StoredUser } from '../../../../dashboard/server/auth/UsersFile.ts';

/** Cheap scrypt for tests (the stored parameters say so; the server checks with them). */
export const fastScrypt = { N: 1024, r: 8, p: 1 };

export interface TestAccount {
  username: string;
  role: Role;
  password?: string;
  localities?: string[];
  services?: string[];
  disabled?: boolean;
}

export const passwordOf = (a: TestAccount) => a.password ?? `${a.username}-password-123`;

/** A users file with these accounts in a new temporary folder (or at `path`). */
export async function writeAccounts(accounts: TestAccount[], path = join(mkdtempSync(join(tmpdir(), 'dash-users-')), 'users.json')): Promise<string> {
  const users: StoredUser[] = [];
  for (const a of accounts) {
    users.push({
      username: a.username,
      role: a.role,
      localities: a.localities,
      services: a.services,
      disabled: a.disabled,
      password: await hashPassword(passwordOf(a), fastScrypt),
    });
  }
  writeUsersFile(path, { users });
  return path;
}

/**
 * Signs in through the sign-in form as a browser on the same site would, and returns the
 * session cookie ("name=value") to send with later requests.
 */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const base = baseUrl.replace(/\/$/, '');
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(base).origin },
    body: new URLSearchParams({ username, password, next: '/' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?fo_session=/.test(c));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`);
  return cookie.split(';')[0];
}
