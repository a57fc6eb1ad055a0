import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * A stored password: scrypt with its own salt and cost parameters, so the cost can be
 * raised for new passwords without breaking old ones. Never the password itself.
 */
export interface PasswordHash {
  scheme: 'scrypt';
  /** CPU/memory cost (a power of two). */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
  /** base64 */
  salt: string;
  /** base64 of the derived key. */
  hash: string;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 x 8 x 128 bytes = 32 MiB and ~50-100 ms per check: the usual interactive setting. */
export const defaultParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 64;
/** Refuse parameters that would make one check eat the machine (a tampered users file). */
const MAX_N = 2 ** 20;
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, keyLength = KEY_LENGTH): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: Math.min(MAX_MEMORY, 128 * N * r * 2 + 1024 * 1024) };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyLength, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export const validParams = ({ N, r, p }: ScryptParams) =>
  Number.isInteger(N) && N >= 2 && N <= MAX_N && (N & (N - 1)) === 0 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16 && 128 * N * r <= MAX_MEMORY / 2;

export async function hashPassword(password: string, params: ScryptParams = defaultParams): Promise<PasswordHash> {
  if (!validParams(params)) throw new Error('scrypt parameters out of range');
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return { scheme: 'scrypt', ...params, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Whether `password` matches, compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored?.scheme !== 'scrypt' || !validParams(stored)) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length < 16) return false;
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored, expected.length);
  return timingSafeEqual(key, expected);
}

let dummy: Promise<PasswordHash> | undefined;
/**
 * The same work as a real check, for a user name that does not exist, so the time a
 * failed sign-in takes does not tell whether the account exists.
 */
export async function verifyNobody(password: string, params: ScryptParams = defaultParams): Promise<false> {
  dummy ??= hashPassword(randomBytes(12).toString('base64'), params);
  await verifyPassword(password, await dummy);
  return false;
}

/** A password for a generated account: 20 characters from a 56-letter alphabet without look-alikes (~116 bits). */
export function randomPassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const out: string[] = [];
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // Reject the top of the byte range so every letter is equally likely.
      if (b < 256 - (256 % alphabet.length) && out.length < length) out.push(alphabet[b % alphabet.length]);
    }
  }
  return out.join('');
}
