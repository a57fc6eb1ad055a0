// `npm run pipeline -- --extract DIR --db FILE`: exit 0 with a summary when the load
// completes (rejects or not); non-zero with a clear message when a file cannot be read.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallExtract } from '../helpers/smallExtract.ts';
import { tempDir, writeExtract } from '../helpers/writeExtract.ts';

const root = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'pipeline/cli.ts'), ...args], { cwd: root, encoding: 'utf8' });

describe('pipeline command', () => {
  it('prints progress lines (not a terminal) and a summary per file, and writes the rejects file', () => {
    const x = smallExtract();
    x.events.push({ event_id: 'V9', event_type: 'contact', occurred_at: 'yesterday', episode_id: 'E1' });
    const db = join(tempDir('cli-'), 'out.duckdb');
    const r = run('--extract', writeExtract(x), '--db', db);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\[1\/11 [\d.]+s\] reading families\.csv/);
    expect(r.stderr).toMatch(/\[10\/11 [\d.]+s\] validating and loading events\.csv/);
    expect(r.stdout).toMatch(/^events\.csv\s+4\s+3\s+1$/m);
    expect(r.stdout).toMatch(/^total\s+12\s+11\s+1$/m);
    expect(readFileSync(`${db}.rejects.csv`, 'utf8')).toBe(
      'file,line,column,value,reason\nevents.csv,5,occurred_at,yesterday,"occurred_at ""yesterday"" is not a date or timestamp (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"\n',
    );
  });

  it('exits non-zero and says which file and what to fix when a file cannot be read', () => {
    const { episodes: _e, ...rest } = smallExtract();
    const db = join(tempDir('cli-'), 'out.duckdb');
    const r = run('--extract', writeExtract(rest), '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Load failed: required file episodes is missing');
    expect(r.stderr).toContain('was not changed');
  });

  it('explains its options', () => {
    const r = run('--help');
    expect(r.stdout).toContain('--extract <dir>');
    expect(r.stdout).toContain('--db <file>');
  });
});
