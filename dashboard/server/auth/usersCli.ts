// npm run users -- <command>: manage the local accounts (AUTH_MODE=local) in the users file
// (USERS_FILE, or users.json beside the database DB / data/outcomes.duckdb).
//
//   npm run users -- add j.smith --role service_manager --locality Madeley --service FIT [--name "Jo Smith"]
//   npm run users -- password j.smith        (a new random password, printed once)
//   npm run users -- disable j.smith | enable j.smith | remove j.smith
//   npm run users -- list
//
// Passwords are generated (20 characters, ~116 bits) and printed once; only their scrypt
// hash is stored. The server reads the file again when it changes: no restart needed.
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { isRole, roles } from '../access/roles.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import { normaliseUsername, readUsersDocument, writeUsersFile, type StoredUser } from './UsersFile.ts';

const file = resolve(process.env.USERS_FILE || join(dirname(resolve(process.env.DB ?? 'data/outcomes.duckdb')), 'users.json'));
const say = (l: string) => process.stdout.write(`${l}\n`);
const fail = (m: string): never => {
  process.stderr.write(`users: ${m}\n`);
  process.exit(1);
};

function load() {
  try {
    return readUsersDocument(file);
  } catch (e) {
    return fail((e as Error).message);
  }
}
function find(users: StoredUser[], name: string): StoredUser {
  return users.find((u) => u.username === normaliseUsername(name)) ?? fail(`no account ${name} in ${file}`);
}
const list = (v: string, prev: string[] = []) => [...prev, v];

const program = new Command().name('users').description(`Local accounts in ${file}`);

program
  .command('add <username>')
  .requiredOption('--role <role>', roles.join(' | '))
  .option('--locality <name>', 'a locality a service manager sees (repeat for more)', list)
  .option('--service <code>', 'a service a service manager sees (repeat for more)', list)
  .option('--name <display name>')
  .action(async (username: string, o: { role: string; locality?: string[]; service?: string[]; name?: string }) => {
    if (!isRole(o.role)) fail(`--role must be one of ${roles.join(', ')}`);
    const doc = load();
    if (doc.users.some((u) => u.username === normaliseUsername(username))) fail(`${username} already exists`);
    const password = randomPassword();
    doc.users.push({ username: normaliseUsername(username), name: o.name, role: o.role as StoredUser['role'], localities: o.locality, services: o.service, password: await hashPassword(password) });
    try {
      writeUsersFile(file, doc);
    } catch (e) {
      fail((e as Error).message);
    }
    say(`Added ${normaliseUsername(username)} (${o.role}). Password (shown once): ${password}`);
  });

program.command('password <username>').action(async (username: string) => {
  const doc = load();
  const password = randomPassword();
  find(doc.users, username).password = await hashPassword(password);
  writeUsersFile(file, doc);
  say(`New password for ${normaliseUsername(username)} (shown once): ${password}`);
});

for (const [cmd, disabled] of [
  ['disable', true],
  ['enable', false],
] as const) {
  program.command(`${cmd} <username>`).action((username: string) => {
    const doc = load();
    find(doc.users, username).disabled = disabled;
    writeUsersFile(file, doc);
    say(`${normaliseUsername(username)} ${disabled ? 'disabled (signed out at their next request)' : 'enabled'}`);
  });
}

program.command('remove <username>').action((username: string) => {
  const doc = load();
  const u = find(doc.users, username);
  writeUsersFile(file, { users: doc.users.filter((x) => x !== u) });
  say(`${u.username} removed`);
});

program.command('list').action(() => {
  for (const u of load().users) {
    const scope = [u.localities?.length ? `localities ${u.localities.join(', ')}` : '', u.services?.length ? `services ${u.services.join(', ')}` : ''].filter(Boolean).join('; ');
    say(`${u.username.padEnd(24)} ${u.role.padEnd(16)} ${u.disabled ? 'disabled ' : ''}${scope}`);
  }
});

await program.parseAsync();
