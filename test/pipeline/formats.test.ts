// The same extract as CSV, CSV.gz, Parquet and JSON Lines loads into the same tables,
// and line numbers stay right when the file has blank lines, quoted line breaks or
// broken rows.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Database } from '../../pipeline/db/database.ts';
import { smallExtract } from '../helpers/smallExtract.ts';
import { toCsv, writeExtract } from '../helpers/writeExtract.ts';
import { load, query, rejectsOf, rulesOf } from './loadHelpers.ts';

const tables = ['families', 'people', 'workers', 'episodes', 'events'];

async function dump(dbPath: string) {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await query(dbPath, `SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

/** Rewrites every CSV of an extract into another format with DuckDB, keeping values as text. */
async function convert(dir: string, format: 'csv.gz' | 'parquet' | 'jsonl') {
  const db = await Database.open();
  for (const t of tables) {
    const csv = join(dir, `${t}.csv`);
    if (format === 'csv.gz') writeFileSync(join(dir, `${t}.csv.gz`), gzipSync(readFileSync(csv)));
    else {
      const target = join(dir, `${t}.${format}`);
      const fmt = format === 'parquet' ? 'parquet' : 'json';
      await db.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true, header = true)) TO '${target}' (FORMAT ${fmt})`);
    }
    rmSync(csv);
  }
  db.close();
}

describe('formats', () => {
  it.each(['csv.gz', 'parquet', 'jsonl'] as const)('%s loads the same tables as CSV', async (format) => {
    const reference = await dump((await load(writeExtract(smallExtract()))).db);
    const dir = writeExtract(smallExtract());
    await convert(dir, format);
    const summary = await load(dir);
    expect(summary.rowsRejected).toBe(0);
    expect(summary.files.map((f) => f.format)).toEqual(tables.map(() => format));
    expect(await dump(summary.db)).toEqual(reference);
  });

  it('Parquet with typed columns (dates, numbers, booleans) loads too', async () => {
    const dir = writeExtract(smallExtract());
    const db = await Database.open();
    await db.run(`COPY (SELECT family_id, locality, district, imd_decile::INTEGER AS imd_decile FROM read_csv('${join(dir, 'families.csv')}', all_varchar = true)) TO '${join(dir, 'families.parquet')}' (FORMAT parquet)`);
    await db.run(`COPY (SELECT * REPLACE (referral_on::DATE AS referral_on, lead_practitioner::BOOLEAN AS lead_practitioner) FROM read_csv('${join(dir, 'episodes.csv')}', all_varchar = true)) TO '${join(dir, 'episodes.parquet')}' (FORMAT parquet)`);
    db.close();
    rmSync(join(dir, 'families.csv'));
    rmSync(join(dir, 'episodes.csv'));
    const summary = await load(dir);
    expect(summary.rowsRejected).toBe(0);
    expect(await query(summary.db, `SELECT imd_decile FROM families ORDER BY family_id`)).toEqual([{ imd_decile: 3 }, { imd_decile: null }]);
  });

  it('JSON Lines: a line that is not JSON is rejected with its line number; blank lines are skipped', async () => {
    const x = smallExtract();
    const lines = x.families.map((f) => JSON.stringify(f));
    const text = [lines[0], '', '{"family_id": "F3", "locality": ', lines[1], '{"family_id": "F4", "locality": "Madeley", "imd_decile": 12}'].join('\n') + '\n';
    const { families: _f, ...rest } = x;
    const dir = writeExtract({ ...rest, 'families.jsonl': text });
    const summary = await load(dir);
    expect(await rejectsOf(summary.db)).toEqual([
      { file: 'families.jsonl', line: 3, column: '', value: '{"family_id": "F3", "locality": ', reason: 'line is not a JSON object' },
      { file: 'families.jsonl', line: 5, column: 'imd_decile', value: '12', reason: 'imd_decile 12 is outside 1-10' },
    ]);
    expect((await rulesOf(summary.db)).map((r) => r.rule)).toEqual(['line is not a JSON object', 'imd_decile is outside 1-10']);
    expect(summary.files[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
  });
});

describe('CSV line numbers (header is line 1)', () => {
  const header = 'family_id,locality,district,imd_decile';

  it('counts quoted line breaks and blank lines', async () => {
    const families = [header, 'F1,Wellington,"Telford\nand Wrekin",3', '', 'F2,Madeley,,x', 'F3,"Hadley\r\nCastle",,2', 'F4,,,'].join('\n') + '\n';
    const x = smallExtract();
    const dir = writeExtract({ ...x, families });
    const summary = await load(dir);
    // F2 starts on line 5 (line 3 is F1's second line, line 4 is blank); F4 on line 8.
    const families_ = (await rejectsOf(summary.db)).filter((r) => r.file === 'families.csv');
    expect(families_.map((r) => [r.line, r.column])).toEqual([
      [5, 'imd_decile'],
      [8, 'locality'],
    ]);
    expect(await query(summary.db, `SELECT district FROM families WHERE family_id = 'F1'`)).toEqual([{ district: 'Telford\nand Wrekin' }]);
  });

  it('rejects a row with too many or too few fields and keeps the rest', async () => {
    const families = [header, 'F1,Wellington,Telford,3', 'F2,Madeley', 'F3,Madeley,,2,extra', 'F4,Madeley,,2'].join('\n');
    const { families: _f, ...rest } = smallExtract();
    const summary = await load(writeExtract({ ...rest, families }));
    const rejects = await rejectsOf(summary.db);
    expect(rejects.slice(0, 2)).toEqual([
      { file: 'families.csv', line: 3, column: '', value: 'F2,Madeley', reason: 'row has 2 fields but the header has 4; check for a missing or extra comma' },
      { file: 'families.csv', line: 4, column: '', value: 'F3,Madeley,,2,extra', reason: 'row has 5 fields but the header has 4; check for a missing or extra comma' },
    ]);
    expect((await rulesOf(summary.db)).slice(0, 2).map((r) => r.rule)).toEqual([
      'row has fewer fields than the header; check for a missing or extra comma',
      'row has more fields than the header; check for a missing or extra comma',
    ]);
    expect(await query(summary.db, `SELECT family_id FROM families ORDER BY 1`)).toEqual([{ family_id: 'F1' }, { family_id: 'F4' }]);
  });

  it('keeps a stray quote inside an unquoted value', async () => {
    const families = [header, 'F1,Wellington,Telford 5" flat,3', 'F2,Madeley,,'].join('\n') + '\n';
    const { families: _f, ...rest } = smallExtract();
    const summary = await load(writeExtract({ ...rest, families }));
    expect(summary.rowsRejected).toBe(0);
    expect(await query(summary.db, `SELECT district FROM families WHERE family_id = 'F1'`)).toEqual([{ district: 'Telford 5" flat' }]);
  });

  it('accepts columns in any order, CRLF line ends and a byte order mark', async () => {
    const x = smallExtract();
    const families = '\uFEFF' + toCsv(x.families, ['imd_decile', 'district', 'locality', 'family_id']).replaceAll('\n', '\r\n');
    const summary = await load(writeExtract({ ...x, families }));
    expect(summary.rowsRejected).toBe(0);
    expect(await query(summary.db, `SELECT * FROM families ORDER BY family_id`)).toEqual([
      { family_id: 'F1', locality: 'Wellington', district: 'Telford', imd_decile: 3 },
      { family_id: 'F2', locality: 'Madeley', district: null, imd_decile: null },
    ]);
  });
});
