import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DuckDBConnection } from '../../models/kysely/DuckDBConnection.ts';
import { withKysely } from './withKysely.ts';

interface DB {
  events: { id: number; family_id: string; kind: string; on_day: string };
}

async function seed(k: import('kysely').Kysely<DB>) {
  await sql`create table events (id integer, family_id varchar, kind varchar, on_day date)`.execute(k);
  await sql`insert into events select range, 'F' || (range % 3), case when range % 2 = 0 then 'contact' else 'visit' end,
    date '2024-01-01' + range::integer from range(5000)`.execute(k);
}

describe('DuckDB dialect: streaming, CTEs and raw sql', () => {
  it('streams every row, in chunks of the requested size', () =>
    withKysely<DB>(async (k, db) => {
      await seed(k);
      let last = -1;
      let total = 0;
      for await (const row of k.selectFrom('events').select('id').orderBy('id').stream(500)) {
        expect(row.id).toBe(last + 1);
        last = row.id;
        total++;
      }
      expect(total).toBe(5000);
      const sizes: number[] = [];
      const compiled = k.selectFrom('events').select('id').compile();
      for await (const chunk of new DuckDBConnection(db).streamQuery(compiled, 700)) sizes.push(chunk.rows.length);
      expect(sizes.every((n) => n <= 700)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    }));

  it('frees the connection when a stream is abandoned early', () =>
    withKysely<DB>(async (k) => {
      await seed(k);
      for await (const row of k.selectFrom('events').select('id').stream()) {
        if (row.id >= 0) break;
      }
      const n = await k.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(n.n).toBe(5000);
    }));

  it('runs chains of named CTEs', () =>
    withKysely<DB>(async (k) => {
      await seed(k);
      const rows = await k
        .with('contacts', (db) => db.selectFrom('events').select(['family_id', 'on_day']).where('kind', '=', 'contact'))
        .with('per_family', (db) =>
          db
            .selectFrom('contacts')
            .select(['family_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('on_day').as('first_on')])
            .groupBy('family_id'),
        )
        .selectFrom('per_family')
        .selectAll()
        .orderBy('family_id')
        .execute();
      expect(rows).toEqual([
        { family_id: 'F0', n: 834, first_on: '2024-01-01' },
        { family_id: 'F1', n: 833, first_on: '2024-01-05' },
        { family_id: 'F2', n: 833, first_on: '2024-01-03' },
      ]);
    }));

  it('runs raw sql templates with parameters and identifiers', () =>
    withKysely<DB>(async (k) => {
      await seed(k);
      const kind = "contact' or '1'='1";
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table('events')} where ${sql.ref('kind')} = ${kind}`.execute(k);
      expect(rows).toEqual([{ n: 0 }]);
      const lit = await sql<{ s: string }>`select ${sql.lit("it's")} as s`.execute(k);
      expect(lit.rows).toEqual([{ s: "it's" }]);
    }));

  it('introspects tables and views', () =>
    withKysely<DB>(async (k) => {
      await seed(k);
      await sql`create view contact_events as select * from events where kind = 'contact'`.execute(k);
      const tables = await k.introspection.getTables();
      const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
      expect(byName.events.isView).toBe(false);
      expect(byName.contact_events.isView).toBe(true);
      expect(byName.events.columns.map((c) => c.name)).toEqual(['id', 'family_id', 'kind', 'on_day']);
    }));
});
