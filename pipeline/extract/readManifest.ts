import { readFileSync } from 'node:fs';
import { ExtractError } from './ExtractError.ts';

export interface Manifest {
  /** The date every "as of today" rule uses; null when the extract does not say. */
  extracted_on: string | null;
  authority: string | null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function readManifest(path: string | undefined): Manifest {
  if (!path) return { extracted_on: null, authority: null };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ExtractError(`is not valid JSON (${(e as Error).message})`, 'manifest.json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ExtractError('must be a JSON object like {"extracted_on": "2025-06-30", "authority": "..."}', 'manifest.json');
  }
  const m = json as Record<string, unknown>;
  const extracted = m.extracted_on ?? null;
  if (extracted !== null && (typeof extracted !== 'string' || !isoDate.test(extracted) || isNaN(Date.parse(extracted)))) {
    throw new ExtractError(`extracted_on ${JSON.stringify(extracted)} is not a date like 2025-06-30`, 'manifest.json');
  }
  const authority = m.authority ?? null;
  if (authority !== null && typeof authority !== 'string') {
    throw new ExtractError('authority must be text', 'manifest.json');
  }
  return { extracted_on: extracted as string | null, authority: authority as string | null };
}
