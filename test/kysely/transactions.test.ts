import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withKysely } from './withKysely.ts';

interface DB {
  t: { id: number };
}

describe('DuckDB dialect: transactions', () => {
  it('commits', () =>
    withKysely<DB>(async (k) => {
      await sql`create table t (id integer)`.execute(k);
      await k.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ id: 1 }).execute();
        await trx.insertInto('t').values({ id: 2 }).execute();
      });
      expect(await k.selectFrom('t').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }]);
    }));

  it('rolls back everything when the callback throws', () =>
    withKysely<DB>(async (k) => {
      await sql`create table t (id integer)`.execute(k);
      await k.insertInto('t').values({ id: 0 }).execute();
      await expect(
        k.transaction().execute(async (trx) => {
          await trx.insertInto('t').values({ id: 1 }).execute();
          await sql`create table made_inside (x integer)`.execute(trx);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await k.selectFrom('t').select('id').execute()).toEqual([{ id: 0 }]);
      const { rows } = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_name = 'made_inside'`.execute(k);
      expect(rows[0].n).toBe(0);
    }));

  it('supports controlled transactions', () =>
    withKysely<DB>(async (k) => {
      await sql`create table t (id integer)`.execute(k);
      const trx = await k.startTransaction().execute();
      await trx.insertInto('t').values({ id: 5 }).execute();
      await trx.rollback().execute();
      expect(await k.selectFrom('t').selectAll().execute()).toEqual([]);
    }));

  it('queues other queries until the transaction ends, so they do not join it', () =>
    withKysely<DB>(async (k) => {
      await sql`create table t (id integer)`.execute(k);
      let outside: Promise<unknown> | undefined;
      await expect(
        k.transaction().execute(async (trx) => {
          await trx.insertInto('t').values({ id: 1 }).execute();
          // Issued while the transaction holds the connection: must run after it.
          outside = k.insertInto('t').values({ id: 2 }).execute();
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      await outside;
      expect(await k.selectFrom('t').select('id').execute()).toEqual([{ id: 2 }]);
    }));

  it('refuses isolation levels DuckDB does not have', () =>
    withKysely<DB>(async (k) => {
      await expect(k.transaction().setIsolationLevel('serializable').execute(async () => {})).rejects.toThrow(
        /isolation level/,
      );
      // The connection is released after the refusal.
      expect((await sql<{ one: number }>`select 1 as one`.execute(k)).rows).toEqual([{ one: 1 }]);
    }));
});
