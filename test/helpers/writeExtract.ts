import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { files as contractFiles } from '../../pipeline/contract/contract.ts';

export type Rows = Record<string, string | number | boolean | null>[];

const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** CSV text for rows (RFC 4180); the header is the union of the rows' keys in first-seen order. */
export function toCsv(rows: Rows, header?: string[]): string {
  const cols = header ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function tempDir(prefix = 'fo-'): string {
  const base = join(tmpdir(), 'family-outcomes-tests');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, prefix));
}

/** Writes an extract folder: each entry is rows (written as CSV) or raw file text. */
export function writeExtract(files: Record<string, Rows | string>, manifest: object | null = { extracted_on: '2025-06-30', authority: 'Test' }): string {
  const dir = tempDir('extract-');
  for (const [name, content] of Object.entries(files)) {
    const fileName = name.includes('.') ? name : `${name}.csv`;
    // A file with no rows still has the contract's header, as a real extract would.
    const header = Array.isArray(content) && content.length === 0 ? contractFiles.find((f) => f.name === name)?.columns.map((c) => c.name) : undefined;
    writeFileSync(join(dir, fileName), typeof content === 'string' ? content : toCsv(content, header));
  }
  if (manifest) writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
