// Disclosure control (indicators.md 7a) through the API: commissioners get c where the
// rules say, after every filter, on pages and in exports; analysts get the numbers.
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAccessServer, type AccessServer, type AccountName } from './helpers/accessServer.ts';
import { handMadeDb, type HandMadeDb } from './helpers/handMadeDb.ts';

let h: HandMadeDb;
let server: AccessServer;

beforeAll(async () => {
  h = await handMadeDb();
  server = await startAccessServer(h.db);
});
afterAll(async () => {
  await server?.close();
  h?.remove();
});

type Row = Record<string, unknown>;
async function arrowRows(who: AccountName, path: string): Promise<Row[]> {
  const res = await server.as(who).get(path);
  expect(res.status, path).toBe(200);
  return tableFromIPC(new Uint8Array(await res.arrayBuffer()))
    .toArray()
    .map((r) => r.toJSON() as Row);
}
const pick = (rows: Row[], ...cols: string[]) => rows.map((r) => cols.map((c) => r[c]));

describe('hand-made table t_referrals: Hadley 40/30, Madeley 12/8, Telford 25/20, Wellington 3/2 (referrals/successful)', () => {
  it('commissioner: 3 is c, and 12 (the next smallest) too, since the column adds to a total; the same for successful; rates over a hidden or small count are c', async () => {
    // referrals: 40, 12, 25, 3 -> 3 primary; 12 secondary (40 - 12 - 25 - 3 would give 3 back).
    // successful: 30, 8, 20, 2 -> 2 primary; 8 secondary.
    // pct_successful: Wellington's denominator is 3 (< 10); Madeley's numerator and denominator are hidden.
    const rows = await arrowRows('commissioner', '/api/indicators/test_referrals');
    expect(pick(rows, 'locality', 'referrals', 'successful', 'pct_successful')).toEqual([
      ['Hadley', '40', '30', '75'],
      ['Madeley', 'c', 'c', 'c'],
      ['Telford', '25', '20', '80'],
      ['Wellington', 'c', 'c', 'c'],
    ]);
    // A column with a c in it travels as text; one without keeps its type.
    const plain = await arrowRows('commissioner', '/api/indicators/test_referrals?locality=Hadley');
    expect(pick(plain, 'referrals', 'successful', 'pct_successful')).toEqual([[40, 30, 75]]);
  });

  it('analyst: the real numbers', async () => {
    const rows = await arrowRows('analyst', '/api/indicators/test_referrals');
    expect(pick(rows, 'locality', 'referrals', 'successful', 'pct_successful')).toEqual([
      ['Hadley', 40, 30, 75],
      ['Madeley', 12, 8, 66.7],
      ['Telford', 25, 20, 80],
      ['Wellington', 3, 2, 66.7],
    ]);
  });

  it('after every filter: narrowing to one small locality still gives c, and a large one gives numbers', async () => {
    expect(pick(await arrowRows('commissioner', '/api/indicators/test_referrals?locality=Wellington'), 'referrals', 'successful', 'pct_successful')).toEqual([['c', 'c', 'c']]);
    // Madeley 12 and Wellington 3: 3 hidden, so 12 is too.
    expect(pick(await arrowRows('commissioner', '/api/indicators/test_referrals?locality=Madeley&locality=Wellington'), 'referrals')).toEqual([['c'], ['c']]);
    expect(pick(await arrowRows('commissioner', '/api/indicators/test_referrals?locality=Hadley'), 'referrals', 'successful')).toEqual([[40, 30]]);
  });

  it('exports for a commissioner apply the same rules', async () => {
    const res = await server.as('commissioner').get('/api/export/test_referrals?format=csv');
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true, bom: true, skip_empty_lines: true }) as Row[];
    expect(pick(rows, 'locality', 'referrals', 'successful', 'pct_successful')).toEqual([
      ['Hadley', '40', '30', '75'],
      ['Madeley', 'c', 'c', 'c'],
      ['Telford', '25', '20', '80'],
      ['Wellington', 'c', 'c', 'c'],
    ]);
    const analyst = parse(await (await server.as('analyst').get('/api/export/test_referrals?format=csv')).text(), { columns: true, bom: true }) as Row[];
    expect(analyst.find((r) => r.locality === 'Wellington')).toMatchObject({ referrals: '3', successful: '2' });
  });

  it('a numeric column the description does not name is hidden whole for a commissioner', async () => {
    const rows = await arrowRows('commissioner', '/api/indicators/test_undescribed');
    expect(rows.map((r) => r.successful)).toEqual(['c', 'c', 'c', 'c']);
    expect(rows.map((r) => r.referrals)).toEqual(['40', 'c', '25', 'c']);
  });
});

describe('a registered indicator on hand-made episodes (episode_status by locality)', () => {
  it('commissioner: every count from 1 to 5 the analyst sees is c; zeros stay 0; no count of 1-5 is left', async () => {
    const analyst = await arrowRows('analyst', '/api/indicators/episode_status?by=locality');
    const commissioner = await arrowRows('commissioner', '/api/indicators/episode_status?by=locality');
    expect(commissioner.length).toBe(analyst.length);
    const key = (r: Row) => `${r.locality}/${r.status}`;
    const theirs = new Map(commissioner.map((r) => [key(r), r]));
    // Wellington: 3 open (hand-made), Madeley: 1 waiting.
    expect(analyst.find((r) => key(r) === 'Wellington/open')?.episodes).toBe(3);
    expect(theirs.get('Wellington/open')?.episodes).toBe('c');
    expect(theirs.get('Madeley/waiting')?.episodes).toBe('c');
    // The rate over a hidden count is hidden.
    expect(theirs.get('Wellington/open')?.pct_of_group).toBe('c');
    for (const a of analyst) {
      const c = theirs.get(key(a))!;
      const n = Number(a.episodes);
      if (n >= 1 && n <= 5) expect(c.episodes, key(a)).toBe('c');
      if (c.episodes !== 'c') expect(Number(c.episodes), key(a)).toBe(n);
      if (c.episodes !== 'c') expect(n === 0 || n > 5, key(a)).toBe(true);
    }
    // Within Wellington (open 3 hidden), the closed 7 is hidden too: the group total 10 is shown.
    expect(theirs.get('Wellington/closed')?.episodes).toBe('c');
    expect(Number(theirs.get('Wellington/closed')?.group_episodes)).toBe(10);
  });

  it('the same indicator for an analyst is untouched numbers', async () => {
    const rows = await arrowRows('analyst', '/api/indicators/episode_status?by=locality');
    expect(rows.every((r) => typeof r.episodes === 'number')).toBe(true);
  });
});
