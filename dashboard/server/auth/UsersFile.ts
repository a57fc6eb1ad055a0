import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRole, type Role } from '../access/roles.ts';
import type { Scope, User } from '../access/User.ts';
import type { PasswordHash } from './passwords.ts';

/** One account in the users file. */
export interface StoredUser {
  username: string;
  name?: string;
  role: Role;
  /** Service managers: the services and/or localities they see. */
  services?: string[];
  localities?: string[];
  password: PasswordHash;
  /** A disabled account cannot sign in, and its sessions end at their next request. */
  disabled?: boolean;
}

export interface UsersDocument {
  users: StoredUser[];
}

/** User names are compared without case and surrounding space: "J.Smith " is j.smith. */
export const normaliseUsername = (u: string) => u.trim().toLowerCase();

const stringList = (v: unknown, what: string): string[] | undefined => {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) throw new Error(`${what} must be a list of names`);
  return v.map((x: string) => x.trim());
};

/** Checks a users document, with a message naming the account and what is wrong. */
export function validateUsers(doc: unknown, where: string): UsersDocument {
  const list = (doc as { users?: unknown } | null)?.users as Record<string, unknown>[] | undefined;
  if (!Array.isArray(list)) throw new Error(`${where}: expected {"users": [...]}`);
  const seen = new Set<string>();
  const users = list.map((u: Record<string, unknown>, i) => {
    const at = `${where}: user ${i + 1}${typeof u?.username === 'string' ? ` (${u.username})` : ''}`;
    if (typeof u?.username !== 'string' || !/^[A-Za-z0-9._@-]{1,100}$/.test(u.username.trim())) throw new Error(`${at}: username must be 1-100 letters, digits or . _ @ -`);
    const username = normaliseUsername(u.username);
    if (seen.has(username)) throw new Error(`${at}: the user name appears twice`);
    seen.add(username);
    if (!isRole(u.role)) throw new Error(`${at}: role must be service_manager, commissioner, analyst or admin`);
    const services = stringList(u.services, `${at}: services`);
    const localities = stringList(u.localities, `${at}: localities`);
    if (u.role === 'service_manager' && !services?.length && !localities?.length) {
      throw new Error(`${at}: a service manager needs "services" and/or "localities" (what they may see)`);
    }
    const p = u.password as PasswordHash | undefined;
    if (p?.scheme !== 'scrypt' || typeof p.salt !== 'string' || typeof p.hash !== 'string') throw new Error(`${at}: password must be a scrypt hash (use npm run users)`);
    return {
      username,
      name: typeof u.name === 'string' ? u.name : undefined,
      role: u.role,
      services,
      localities,
      password: p,
      disabled: u.disabled === true,
    } satisfies StoredUser;
  });
  return { users };
}

/** The user as requests see them: scope only for service managers (other roles see every locality). */
export function toUser(u: StoredUser): User {
  const scope: Scope = {};
  if (u.role === 'service_manager') {
    if (u.services?.length) scope.services = [...u.services];
    if (u.localities?.length) scope.localities = [...u.localities];
  }
  return { username: u.username, name: u.name ?? u.username, role: u.role, scope, via: 'local' };
}

/**
 * The local accounts (JSON, path from USERS_FILE or data/users.json beside the database).
 * Read again whenever the file changes, so disabling an account or changing a role takes
 * effect without a restart. A file that stops being valid keeps the last good version
 * and says why in the server log.
 */
export class UsersFile {
  private users = new Map<string, StoredUser>();
  private stamp = '';

  constructor(
    readonly path: string,
    private readonly log: (m: string) => void = () => {},
  ) {
    this.reload(true);
  }

  get exists(): boolean {
    return existsSync(this.path);
  }

  get size(): number {
    this.reload();
    return this.users.size;
  }

  find(username: string): StoredUser | undefined {
    this.reload();
    return this.users.get(normaliseUsername(username));
  }

  private reload(first = false): void {
    let stamp = 'missing';
    try {
      const s = statSync(this.path);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      // no file: no accounts
    }
    if (stamp === this.stamp) return;
    try {
      const doc = stamp === 'missing' ? { users: [] } : validateUsers(JSON.parse(readFileSync(this.path, 'utf8')), this.path);
      this.users = new Map(doc.users.map((u) => [u.username, u]));
      this.stamp = stamp;
    } catch (e) {
      if (first) throw e;
      this.log(`users file not reloaded, keeping the previous accounts: ${(e as Error).message}`);
      this.stamp = stamp;
    }
  }
}

/** Writes a users document atomically (a reader never sees half a file), readable by its owner only. */
export function writeUsersFile(path: string, doc: UsersDocument): void {
  validateUsers(doc, path);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function readUsersDocument(path: string): UsersDocument {
  return existsSync(path) ? validateUsers(JSON.parse(readFileSync(path, 'utf8')), path) : { users: [] };
}
