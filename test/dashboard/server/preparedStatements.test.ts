import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';

// runQuery keeps each statement prepared per connection (Database.allPrepared) and binds
// new values on every call: the answers must be those of a fresh statement every time.
describe('Database.allPrepared', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await db.run(`create table t as select i, i % 3 as k, date '2024-01-01' + i::INTEGER as d from range(100) r(i)`);
  });
  afterAll(() => db.close());

  const sql = 'select k, count(*)::INTEGER as n, min(d) as first from t where d >= $1::DATE and k in ($2, $3) group by k order by k';

  it('answers as `all` does for every set of values, reusing one statement', async () => {
    for (const params of [
      ['2024-01-01', 0, 1],
      ['2024-03-01', 1, 2],
      ['2024-02-15', 2, 2],
      ['2025-01-01', 0, 1],
    ]) {
      expect(await db.allPrepared(sql, params)).toEqual(await db.all(sql, params));
    }
    expect(await db.allPrepared(sql, ['2024-01-01', 0, 1])).toEqual([
      { k: 0, n: 34, first: '2024-01-01' },
      { k: 1, n: 33, first: '2024-01-02' },
    ]);
  });

  it('keeps at most the given number of statements, and still answers the ones it let go', async () => {
    for (let i = 0; i < 5; i++) expect(await db.allPrepared(`select ${i} as v, $1::INTEGER as p`, [i], 2)).toEqual([{ v: i, p: i }]);
    expect(await db.allPrepared('select 0 as v, $1::INTEGER as p', [7], 2)).toEqual([{ v: 0, p: 7 }]);
  });

  it('reports a bad value as an error and answers the next call', async () => {
    await expect(db.allPrepared(sql, ['not a date', 0, 1])).rejects.toThrow();
    expect(await db.allPrepared(sql, ['2024-03-01', 1, 2])).toEqual(await db.all(sql, ['2024-03-01', 1, 2]));
  });
});
