import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { arrowRows, readExport, type ExportRow } from './helpers/readExport.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { startServer, type RunningServer } from './helpers/startServer.ts';

let sample: SampleDatabase;
let server: RunningServer;
let scratch: string;
/** The stored identifiers and the rows of the FIT episodes, read straight from the database. */
let truth: { episode_id: string; family_id: string; worker_id: string | null; referral_on: string; days_open: number }[];

beforeAll(async () => {
  sample = await sampleDatabase(60);
  scratch = join(sample.dir, 'scratch');
  server = await startServer({ dbPath: sample.db, scratchDir: scratch, mode: 'development', env: {} });
  const db = await Database.open(sample.db, { readOnly: true });
  truth = (await db.all(
    `SELECT episode_id, family_id, worker_id, referral_on, days_open FROM mart_episodes WHERE service = 'FIT' ORDER BY referral_on DESC, episode_id`,
  )) as typeof truth;
  db.close();
});
afterAll(async () => {
  await server?.close();
  sample?.remove();
});

const keyFile = () => `${sample.db}.pseudonym-key`;
const pseudonym = (key: string, id: string) => `p_${createHmac('sha256', key).update(id).digest('base64url').slice(0, 22)}`;

async function download(path: string) {
  const res = await server.get(path);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

type Row = ExportRow;

/**
 * Each format, read back with its own reader (helpers/readExport.ts), and what only that
 * format carries checked too: the CSV's byte-order mark, the workbook's About sheet.
 */
const readers: Record<string, (body: Buffer) => Promise<Row[]>> = {
  csv: async (body) => {
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    return readExport('csv', body, sample.dir);
  },
  xlsx: async (body) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('About')).toBeDefined();
    return readExport('xlsx', body, sample.dir);
  },
  parquet: (body) => readExport('parquet', body, sample.dir),
  arrow: async (body) => arrowRows(body),
};

describe('/api/export/:name', () => {
  it.each(Object.keys(readers))('%s opens in its own reader, holds the page rows, and pseudonymises identifiers', async (format) => {
    const { res, body } = await download(`/api/export/episodes?format=${format}&service=FIT`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="episodes_2025-06-30.${format}"`);
    const rows = await readers[format](body);
    expect(rows.length).toBe(truth.length);
    expect(Number(res.headers.get('x-row-count'))).toBe(truth.length);

    const key = readFileSync(keyFile(), 'utf8').trim();
    const stored = new Set(truth.flatMap((t) => [t.episode_id, t.family_id, t.worker_id]));
    rows.forEach((row, i) => {
      // Same order as the page, ids replaced by the keyed hash of the stored id.
      expect(row.episode_id).toBe(pseudonym(key, truth[i].episode_id));
      expect(row.family_id).toBe(pseudonym(key, truth[i].family_id));
      if (truth[i].worker_id) expect(row.worker_id).toBe(pseudonym(key, truth[i].worker_id!));
      for (const v of Object.values(row)) expect(stored.has(String(v))).toBe(false);
    });
    // Types survive where the format has them.
    const first = rows[0];
    if (format === 'parquet') expect(first.referral_on).toBe(truth[0].referral_on);
    if (format === 'parquet') expect(first.days_open).toBe(truth[0].days_open);
    if (format === 'arrow') expect(new Date(first.referral_on as number).toISOString().slice(0, 10)).toBe(truth[0].referral_on);
    if (format === 'xlsx') expect((first.referral_on as Date).toISOString().slice(0, 10)).toBe(truth[0].referral_on);
    if (format === 'csv') expect(first.referral_on).toBe(truth[0].referral_on);
  });

  it('gives the same pseudonyms on every export, page and restart with the same key', async () => {
    const a = await readers.csv((await download('/api/export/episodes?format=csv&service=FIT')).body);
    const b = await readers.arrow((await download('/api/rows/episodes?service=FIT&limit=5000')).body);
    expect(b.map((r) => r.episode_id)).toEqual(a.map((r) => r.episode_id));
    const again = await startServer({ dbPath: sample.db, mode: 'development', env: {} });
    try {
      const c = await readers.csv(Buffer.from(await (await again.get('/api/export/episodes?format=csv&service=FIT')).arrayBuffer()));
      expect(c.map((r) => r.episode_id)).toEqual(a.map((r) => r.episode_id));
    } finally {
      await again.close();
    }
  });

  it('exports indicators too, with the same numbers as the page', async () => {
    const page = tableFromIPC(new Uint8Array(await (await server.get('/api/indicators/episode_status?by=locality')).arrayBuffer()));
    const csv = await readers.csv((await download('/api/export/episode_status?format=csv&by=locality')).body);
    expect(csv.map((r) => [r.locality, r.status, Number(r.episodes)])).toEqual(
      page.toArray().map((r) => [r.locality, r.status, r.episodes]),
    );
    const xlsx = await readers.xlsx((await download('/api/export/episode_status?format=xlsx&by=locality')).body);
    expect(xlsx.map((r) => r.episodes)).toEqual(page.toArray().map((r) => r.episodes));
  });

  it('leaves no temporary files behind in its scratch folder', () => {
    expect(existsSync(scratch) ? readdirSync(scratch) : []).toEqual([]);
  });

  it('uses PSEUDONYM_KEY when it is set, and refuses exports in production without a key', async () => {
    const key = 'k'.repeat(40);
    const keyed = await startServer({ dbPath: sample.db, mode: 'production', env: { PSEUDONYM_KEY: key } });
    try {
      const rows = await readers.csv(Buffer.from(await (await keyed.get('/api/export/episodes?format=csv&service=FIT')).arrayBuffer()));
      expect(rows[0].episode_id).toBe(pseudonym(key, truth[0].episode_id));
    } finally {
      await keyed.close();
    }
    const keyless = await startServer({ dbPath: sample.db, mode: 'production', env: {} });
    try {
      const res = await keyless.get('/api/export/episode_status?format=csv');
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatch(/Set PSEUDONYM_KEY/);
      // Rows with identifiers are refused too; aggregates still work.
      expect((await keyless.get('/api/rows/episodes')).status).toBe(503);
      expect((await keyless.get('/api/indicators/episode_status')).status).toBe(200);
    } finally {
      await keyless.close();
    }
    await expect(startServer({ dbPath: sample.db, mode: 'production', env: { PSEUDONYM_KEY: 'short' } })).rejects.toThrow(/too short/);
  });

  it('keeps text that looks like a formula from running when a CSV is opened in a spreadsheet', async () => {
    const { writeCsv } = await import('../../../dashboard/server/exports/writeCsv.ts');
    const file = await writeCsv(
      { columns: [{ name: 'team', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }], rows: [{ team: '=HYPERLINK("x")', n: -3 }] },
      { name: 't', title: 't', filters: {}, params: {}, extractedOn: null, exportedAt: new Date() },
    );
    expect(parse(file.body.toString('utf8').slice(1), { columns: true })).toEqual([{ team: `'=HYPERLINK("x")`, n: '-3' }]);
  });
});
