import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// School attendance arrives per term, coded `YYYY-autumn`, `YYYY-spring`, `YYYY-summer`
// (data contract, events.detail). Term dates differ by school and year (Easter moves),
// so one documented rule stands in for them, with each holiday given to the term it ends:
//
//   YYYY-spring  1 January   - 31 March  of YYYY
//   YYYY-summer  1 April     - 31 July   of YYYY
//   YYYY-autumn  1 September - 31 December of YYYY
//
// YYYY is the calendar year the term falls in (2023-autumn is September-December 2023,
// the start of academic year 2023/24). August belongs to no term. indicators.md section 6
// compares the last term before referral with the first full term after closure.
export default defineModel({
  name: 'int_school_terms',
  layer: 'intermediate',
  grain: 'one row per school term from 2000 to the year after the extract',
  materialized: 'view',
  description:
    'School terms by the fixed rule spring = 1 Jan-31 Mar, summer = 1 Apr-31 Jul, autumn = 1 Sep-31 Dec of the year in the term code; used to place termly school_attendance events before referral and after closure.',
  columns: {
    term_code: 'Term code as school_attendance events carry it in detail, e.g. 2023-autumn',
    term_year: 'Calendar year of the term',
    term: 'spring, summer or autumn',
    term_start: 'First day of the term by the rule',
    term_end: 'Last day of the term by the rule',
  },
  query: ({ ref, db }) =>
    db
      .with('terms(term, start_month, end_month)', () => sql`(values ('spring', 1, 3), ('summer', 4, 7), ('autumn', 9, 12))`)
      .with('years', (qb) =>
        qb
          .selectFrom(ref('stg_extract_manifest').as('m'))
          .select(sql<number>`unnest(generate_series(2000, year(m.extracted_on) + 1))`.as('term_year')),
      )
      .selectFrom('years as y')
      .crossJoin('terms as t')
      .select([
        sql<string>`y.term_year || '-' || t.term`.as('term_code'),
        'y.term_year',
        't.term',
        sql<string>`make_date(y.term_year, t.start_month, 1)`.as('term_start'),
        sql<string>`last_day(make_date(y.term_year, t.end_month, 1))`.as('term_end'),
      ]),
  tests: [
    { unique: 'term_code' },
    { not_null: ['term_code', 'term_start', 'term_end'] },
    { accepted_values: { column: 'term', values: ['spring', 'summer', 'autumn'] } },
    { expression: 'term_start < term_end', name: 'term starts before it ends' },
  ],
});
