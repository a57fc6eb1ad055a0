import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Pseudonymiser } from './Pseudonymiser.ts';

export type ServerMode = 'production' | 'development';

export interface KeySource {
  mode: ServerMode;
  /** The database file: in development the generated key is kept beside it. */
  dbPath: string;
  env?: NodeJS.ProcessEnv;
}

const MIN_KEY_LENGTH = 32;

/**
 * Where the pseudonymisation key comes from, in order: env PSEUDONYM_KEY, the file named
 * by env PSEUDONYM_KEY_FILE, and in development only a random key generated once and
 * kept beside the database (`<db>.pseudonym-key`, readable by its owner only), so the
 * sample data works out of the box and pseudonyms stay stable across restarts. In
 * production with no key, identifiers and exports are refused with a message that says
 * what to set, rather than being hashed with a key nobody chose.
 */
export function loadPseudonymiser({ mode, dbPath, env = process.env }: KeySource): Pseudonymiser {
  const fromEnv = env.PSEUDONYM_KEY;
  if (fromEnv) return new Pseudonymiser(checked(fromEnv, 'PSEUDONYM_KEY'));
  const file = env.PSEUDONYM_KEY_FILE;
  if (file) return new Pseudonymiser(checked(readFileSync(file, 'utf8').trim(), `the file ${file} (PSEUDONYM_KEY_FILE)`));
  if (mode === 'production') {
    return new Pseudonymiser(
      null,
      'Exports and identifiers are switched off: no pseudonymisation key is configured. Set PSEUDONYM_KEY (at least 32 characters) or PSEUDONYM_KEY_FILE and restart the server.',
    );
  }
  const keyFile = `${dbPath}.pseudonym-key`;
  if (!existsSync(keyFile)) {
    try {
      writeFileSync(keyFile, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return new Pseudonymiser(checked(readFileSync(keyFile, 'utf8').trim(), keyFile));
}

function checked(key: string, where: string): Buffer {
  if (key.length < MIN_KEY_LENGTH) throw new Error(`The pseudonymisation key in ${where} is too short: use at least ${MIN_KEY_LENGTH} characters.`);
  return Buffer.from(key, 'utf8');
}
