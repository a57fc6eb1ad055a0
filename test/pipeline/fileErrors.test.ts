// A file that cannot be read at all fails the whole load with a clear message and
// changes nothing: the previous database stays byte for byte as it was.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractError } from '../../pipeline/extract/ExtractError.ts';
import { smallExtract } from '../helpers/smallExtract.ts';
import { toCsv, writeExtract, type Rows } from '../helpers/writeExtract.ts';
import { load } from './loadHelpers.ts';

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

type Files = Record<string, Rows | string | Buffer>;

async function expectFailure(files: Files, message: string | RegExp, manifest?: object | null) {
  const first = await load(writeExtract(smallExtract()));
  const before = hash(first.db);
  const dir = writeExtract(Object.fromEntries(Object.entries(files).filter(([, v]) => !Buffer.isBuffer(v))) as Record<string, Rows | string>, manifest);
  for (const [name, v] of Object.entries(files)) if (Buffer.isBuffer(v)) writeFileSync(join(dir, name), v);
  const error = await load(dir, first.db).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractError);
  expect((error as Error).message).toMatch(message);
  expect(hash(first.db)).toBe(before);
  // No build files, locks or WAL left behind.
  expect(readdirSync(dirname(first.db)).sort()).toEqual(['test.duckdb', 'test.duckdb.rejects.csv']);
}

describe('a file that cannot be read fails the load and changes nothing', () => {
  it('a required file is missing', async () => {
    const { events: _e, ...rest } = smallExtract();
    await expectFailure(rest, /required file events is missing/);
  });

  it('a required column is missing', async () => {
    const x = smallExtract();
    const people = toCsv(x.people.map(({ role: _r, ...p }) => p));
    await expectFailure({ ...x, people }, 'people.csv: missing required column role');
  });

  it('the file is not UTF-8', async () => {
    const x = smallExtract();
    const latin1 = Buffer.from('family_id,locality\nF1,Wellington\nF2,Bront\xeb Close\n', 'latin1');
    const { families: _f, ...rest } = x;
    await expectFailure({ ...rest, 'families.csv': latin1 }, /families\.csv: is not UTF-8 encoded \(line 3\)/);
  });

  it('a .parquet file that is not Parquet', async () => {
    const { families, ...rest } = smallExtract();
    await expectFailure({ ...rest, 'families.parquet': toCsv(families) }, /families\.parquet: is not a readable Parquet file/);
  });

  it('a .csv.gz file that is not gzip', async () => {
    const { families, ...rest } = smallExtract();
    await expectFailure({ ...rest, 'families.csv.gz': toCsv(families) }, /families\.csv\.gz: is not a gzip file/);
  });

  it('a .jsonl file with no JSON in it', async () => {
    const { families, ...rest } = smallExtract();
    await expectFailure({ ...rest, 'families.jsonl': toCsv(families) }, /families\.jsonl: is not JSON Lines/);
  });

  it('the same table given twice in different formats', async () => {
    const x = smallExtract();
    await expectFailure({ ...x, 'families.jsonl': '{}' }, /families\.csv and families\.jsonl are both present/);
  });

  it('a header names a column twice', async () => {
    const x = smallExtract();
    await expectFailure({ ...x, families: 'family_id,locality,Locality\nF1,a,b\nF2,c,d\n' }, /column "Locality" appears twice/);
  });

  it('an unclosed quote swallows the rest of the file', async () => {
    const x = smallExtract();
    await expectFailure({ ...x, families: 'family_id,locality\nF1,"Wellington\nF2,Madeley\n' }, /families\.csv: cannot be read as CSV/);
  });

  it('manifest.json is not valid', async () => {
    await expectFailure(smallExtract(), /manifest\.json: extracted_on "30\/06\/2025" is not a date/, { extracted_on: '30/06/2025' });
  });

  it('mappings.csv maps to a code that does not exist', async () => {
    const x = smallExtract();
    await expectFailure({ ...x, 'mappings.csv': 'file,column,local_value,code\nepisodes,service,Family Team,FAM\n' }, /mappings\.csv: line 2: "FAM" is not a code of episodes\.service/);
  });

  it('no database is created when the first load fails', async () => {
    const { events: _e, ...rest } = smallExtract();
    const dir = writeExtract(rest);
    const target = join(dirname(dir), 'never.duckdb');
    await expect(load(dir, target)).rejects.toThrow(/events is missing/);
    expect(existsSync(target)).toBe(false);
  });
});
