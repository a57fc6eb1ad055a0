import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withKysely } from './withKysely.ts';

interface DB {
  t: { id: number; v: string };
}

const setup = sql`create table t (id integer primary key, v varchar)`;

describe('DuckDB dialect: insert, update, delete', () => {
  it('reports numAffectedRows for each kind of write', () =>
    withKysely<DB>(async (k) => {
      await setup.execute(k);
      const ins = await k
        .insertInto('t')
        .values([
          { id: 1, v: 'a' },
          { id: 2, v: 'b' },
          { id: 3, v: 'c' },
        ])
        .executeTakeFirstOrThrow();
      expect(ins.numInsertedOrUpdatedRows).toBe(3n);
      const upd = await k.updateTable('t').set({ v: 'z' }).where('id', '>=', 2).executeTakeFirstOrThrow();
      expect(upd.numUpdatedRows).toBe(2n);
      const none = await k.updateTable('t').set({ v: 'z' }).where('id', '>', 99).executeTakeFirstOrThrow();
      expect(none.numUpdatedRows).toBe(0n);
      const del = await k.deleteFrom('t').where('id', '=', 1).executeTakeFirstOrThrow();
      expect(del.numDeletedRows).toBe(1n);
    }));

  it('returns rows from RETURNING', () =>
    withKysely<DB>(async (k) => {
      await setup.execute(k);
      const inserted = await k
        .insertInto('t')
        .values([
          { id: 1, v: 'a' },
          { id: 2, v: 'b' },
        ])
        .returning(['id', 'v'])
        .execute();
      expect(inserted).toEqual([
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ]);
      const deleted = await k.deleteFrom('t').where('id', '=', 2).returning('v').execute();
      expect(deleted).toEqual([{ v: 'b' }]);
    }));

  it('reports numAffectedRows for raw writes, not a Count row', () =>
    withKysely<DB>(async (k) => {
      await setup.execute(k);
      const result = await sql`insert into t values (1, 'a'), (2, 'b')`.execute(k);
      expect(result.rows).toEqual([]);
      expect(result.numAffectedRows).toBe(2n);
    }));
});
