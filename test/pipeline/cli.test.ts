// `npm run pipeline -- --extract DIR --db FILE`: exit 0 with a summary when the load
// completes (rejects or not); non-zero with a clear message when a file cannot be read.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('with no extract, generates the sample beside a new database and loads it (product.md)', () => {
    const dir = tempDir('cli-');
    const db = join(dir, 'new.duckdb');
    const r = run('--db', db, '--families', '40');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`generating a sample extract of 40 families in ${join(dir, 'sample-extract')}`);
    expect(readFileSync(join(dir, 'sample-extract', 'families.csv'), 'utf8').trim().split('\n')).toHaveLength(41);
    expect(r.stdout).toMatch(/^families\.csv\s+40\s+40\s+0$/m);
    expect(existsSync(db)).toBe(true);
  }, 120_000);

  it('never loads the sample into a database that exists, and sizes the sample only when there is no extract', () => {
    const dir = tempDir('cli-');
    const db = join(dir, 'council.duckdb');
    writeFileSync(db, 'not touched');
    const r = run('--db', db);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`The database ${db} exists already: give --extract DIR to load an extract into it`);
    expect(readFileSync(db, 'utf8')).toBe('not touched');
    expect(existsSync(join(dir, 'sample-extract'))).toBe(false);
    const both = run('--extract', writeExtract(smallExtract()), '--db', join(dir, 'x.duckdb'), '--families', '10');
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain('--families sizes the generated sample: give it without --extract.');
    const bad = run('--db', join(dir, 'y.duckdb'), '--families', 'many');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--families must be a whole number of 1 or more.');
  });

  it('explains its options', () => {
    const r = run('--help');
    expect(r.stdout).toContain('--extract <dir>');
    expect(r.stdout).toContain('--db <file>');
  });
});
