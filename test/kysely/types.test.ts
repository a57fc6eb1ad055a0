import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withKysely } from './withKysely.ts';

describe('DuckDB dialect: value types read back', () => {
  it('DATE as YYYY-MM-DD text, timestamps as Date, DECIMAL and DOUBLE as number', () =>
    withKysely(async (k) => {
      const { rows } = await sql<Record<string, unknown>>`
        select date '2024-02-29' as d,
               timestamp '2024-01-02 10:30:00' as ts,
               timestamptz '2024-06-01 10:00:00+01' as tz,
               1.25::decimal(10, 2) as dec,
               2.5::double as dbl,
               42::integer as i,
               true as b,
               null::varchar as nothing`.execute(k);
      const r = rows[0];
      expect(r.d).toBe('2024-02-29');
      expect(r.ts).toBeInstanceOf(Date);
      expect((r.ts as Date).toISOString()).toBe('2024-01-02T10:30:00.000Z');
      expect(r.tz).toBeInstanceOf(Date);
      expect((r.tz as Date).toISOString()).toBe('2024-06-01T09:00:00.000Z');
      expect(r.dec).toBe(1.25);
      expect(r.dbl).toBe(2.5);
      expect(r.i).toBe(42);
      expect(r.b).toBe(true);
      expect(r.nothing).toBeNull();
    }));

  it('BIGINT counts as number, values past 2^53 as bigint', () =>
    withKysely(async (k) => {
      const count = await k
        .selectFrom(sql`range(5)`.as('r'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(5);
      expect(typeof count.n).toBe('number');
      const { rows } = await sql<{ big: bigint; max: bigint }>`
        select 9007199254740993::bigint as big, 170141183460469231731687303715884105727::hugeint as max`.execute(k);
      expect(rows[0].big).toBe(9007199254740993n);
      expect(rows[0].max).toBe(170141183460469231731687303715884105727n);
    }));
});
