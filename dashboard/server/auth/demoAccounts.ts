import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Database } from '../../../pipeline/db/database.ts';
import { roleLabels, type Role } from '../access/roles.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import { writeUsersFile, type StoredUser } from './UsersFile.ts';

export interface DemoOptions {
  dbPath: string;
  env?: NodeJS.ProcessEnv;
  say: (line: string) => void;
}

/** Whether the database holds the generated sample (never a council's real extract). */
async function sampleLocality(dbPath: string): Promise<string | null> {
  const db = await Database.open(dbPath, { readOnly: true, externalAccess: false });
  try {
    const tables = new Set((await db.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables`)).map((r) => r.t));
    if (!tables.has('extract_manifest')) return null;
    const m = await db.one<{ authority: string | null }>(`SELECT authority FROM extract_manifest ORDER BY load_id DESC LIMIT 1`);
    if (!/synthetic sample/i.test(m?.authority ?? '')) return null;
    if (!tables.has('mart_episodes')) return 'none';
    const l = await db.one<{ locality: string }>(`SELECT locality FROM mart_episodes WHERE locality IS NOT NULL GROUP BY locality ORDER BY count(*) DESC, locality LIMIT 1`);
    return l?.locality ?? 'none';
  } finally {
    db.close();
  }
}

/**
 * With the sample data and no users file yet, one demo account per role with a random
 * password, written to the users file and to demo-accounts.txt beside it (owner-only),
 * and printed once. Never for a real extract, never when accounts exist, never with
 * single sign-on. Returns the file of the accounts when there is one.
 */
export async function ensureDemoAccounts({ dbPath, env = process.env, say }: DemoOptions): Promise<string | null> {
  if ((env.AUTH_MODE || 'local') !== 'local') return null;
  const usersFile = resolve(env.USERS_FILE || join(dirname(resolve(dbPath)), 'users.json'));
  const listFile = join(dirname(usersFile), 'demo-accounts.txt');
  if (existsSync(usersFile)) {
    if (existsSync(listFile)) say(`Sign in with a demo account from ${listFile}`);
    return existsSync(listFile) ? listFile : null;
  }
  const locality = existsSync(dbPath) ? await sampleLocality(dbPath) : null;
  if (!locality) {
    say(`No accounts yet (${usersFile}). Add one with: npm run users -- add <user name> --role admin`);
    return null;
  }
  const accounts: { username: string; role: Role; localities?: string[] }[] = [
    { username: 'demo-admin', role: 'admin' },
    { username: 'demo-analyst', role: 'analyst' },
    { username: 'demo-commissioner', role: 'commissioner' },
    { username: 'demo-manager', role: 'service_manager', localities: [locality] },
  ];
  const users: StoredUser[] = [];
  const lines: string[] = [];
  for (const a of accounts) {
    const password = randomPassword();
    users.push({ username: a.username, name: `Demo ${roleLabels[a.role].toLowerCase()}`, role: a.role, localities: a.localities, password: await hashPassword(password) });
    lines.push(`${a.username.padEnd(20)} ${password}   ${roleLabels[a.role]}${a.localities ? ` (${a.localities.join(', ')} only)` : ''}`);
  }
  writeUsersFile(usersFile, { users });
  const text = ['Demo accounts for the sample data (one per role). Passwords are random; delete users.json to make new ones.', '', ...lines, ''].join('\n');
  writeFileSync(listFile, text, { mode: 0o600 });
  say(`\nDemo accounts (also in ${listFile}; shown only this once):\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  return listFile;
}
