import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withKysely } from './withKysely.ts';

interface DB {
  person: { id: number; name: string | null; note: string | null };
}

describe('DuckDB dialect: bound parameters', () => {
  it('binds strings with quotes, semicolons and backslashes unchanged', () =>
    withKysely<DB>(async (k) => {
      await sql`create table person (id integer, name varchar, note varchar)`.execute(k);
      const awkward = ["O'Neil", 'Robert"); drop table person; --', 'back\\slash', '£ & ünïcode', ''];
      await k
        .insertInto('person')
        .values(awkward.map((name, i) => ({ id: i, name, note: null })))
        .execute();
      const rows = await k.selectFrom('person').select(['id', 'name']).orderBy('id').execute();
      expect(rows.map((r) => r.name)).toEqual(awkward);
      const one = await k.selectFrom('person').select('id').where('name', '=', "O'Neil").executeTakeFirstOrThrow();
      expect(one.id).toBe(0);
    }));

  it('binds nulls and finds them with is null', () =>
    withKysely<DB>(async (k) => {
      await sql`create table person (id integer, name varchar, note varchar)`.execute(k);
      await k.insertInto('person').values({ id: 1, name: null, note: 'x' }).execute();
      const rows = await k.selectFrom('person').selectAll().where('name', 'is', null).execute();
      expect(rows).toEqual([{ id: 1, name: null, note: 'x' }]);
    }));

  it('binds numbers, booleans, lists (in) and the limit', () =>
    withKysely(async (k) => {
      const rows = await k
        .selectFrom(sql<{ n: number }>`range(10)`.as('r'))
        .select(sql<number>`range`.as('n'))
        .where(sql.ref('range'), 'in', [2, 4, 6, 8])
        .where(sql<boolean>`${true}`)
        .orderBy('n')
        .limit(3)
        .execute();
      expect(rows.map((r) => r.n)).toEqual([2, 4, 6]);
    }));

  it('binds a JS Date as an instant', () =>
    withKysely(async (k) => {
      const at = new Date('2024-06-01T09:00:00Z');
      const { rows } = await sql<{ same: boolean }>`select ${at}::timestamptz = timestamptz '2024-06-01 10:00:00+01' as same`.execute(k);
      expect(rows[0].same).toBe(true);
    }));
});
