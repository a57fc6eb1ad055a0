import { createHmac } from 'node:crypto';
import { HttpError } from './HttpError.ts';

/**
 * Identifiers leave the server only as keyed hashes: 'p_' + the first 22 base64url
 * characters (132 bits) of HMAC-SHA256(key, identifier). The same identifier gives the
 * same pseudonym on every page and in every export made with the same key, so an analyst
 * can join two exports, but nobody without the key can go back to the case system's id.
 * The hash covers the value only (not the column), so a person_id in one export matches
 * the same person's subject_person_id in another.
 */
export class Pseudonymiser {
  private readonly memo = new Map<string, string>();

  /** `key` null: no key is configured, and identifiers are refused with `missingKeyReason`. */
  constructor(
    private readonly key: Buffer | null,
    readonly missingKeyReason = 'No pseudonymisation key is configured.',
  ) {}

  get ready(): boolean {
    return this.key !== null;
  }

  /** Every *_id column names a person, family, episode, worker, reading or event. */
  static isIdentifier(column: string): boolean {
    return /(^|_)id$/i.test(column);
  }

  pseudonym(value: string): string {
    if (!this.key) throw new HttpError(503, this.missingKeyReason);
    let p = this.memo.get(value);
    if (p === undefined) {
      p = `p_${createHmac('sha256', this.key).update(value, 'utf8').digest('base64url').slice(0, 22)}`;
      // Bounded: a memo is a speed-up for repeated ids, not a store of every id seen.
      if (this.memo.size >= 200_000) this.memo.clear();
      this.memo.set(value, p);
    }
    return p;
  }
}
