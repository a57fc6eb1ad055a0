import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateExtract, type ExtractSummary, type GenerateOptions } from '../../sample-data/generateExtract.ts';

const made: string[] = [];

/** Generates an extract into a fresh temp folder (removed by `removeTempExtracts`). */
export async function tempExtract(options: Omit<GenerateOptions, 'out'>): Promise<ExtractSummary> {
  const out = mkdtempSync(join(tmpdir(), 'sample-data-test-'));
  made.push(out);
  return generateExtract({ ...options, out });
}

export function removeTempExtracts() {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
