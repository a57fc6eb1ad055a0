import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// Working-day clocks (indicators.md section 3: "working days exclude Saturdays, Sundays and
// England and Wales bank holidays") add N working days by this calendar's running number:
// the due date of "N working days from S" is the working day numbered
// working_day_number(S) + N. The start day itself is never counted, so a clock starting on
// a weekend or bank holiday counts as if it started on the working day before it (a
// referral on Saturday with 2 working days is due on Tuesday: Monday is day 1, Tuesday
// day 2).
//
// The calendar starts on 2000-01-01, the earliest date the data contract accepts, and ends
// on 31 December of the year after the bank holiday seed's last year, so any clock that
// starts inside the seed's years has a due date. Outside the seed's years only weekends are
// skipped (holidays_known says which days that is).
export default defineModel({
  name: 'int_calendar_days',
  layer: 'intermediate',
  grain: 'one row per calendar day, 2000-01-01 to the end of the year after the last bank holiday',
  materialized: 'table',
  description:
    'Every calendar day with whether it is a working day (not Saturday, Sunday or an England and Wales bank holiday) and a running count of working days, so N working days are added by index: the due date is the working day whose number is the start day number + N (the start day itself is not counted; a weekend or holiday start counts from the working day before it).',
  columns: {
    calendar_on: 'The date',
    is_weekend: 'Saturday or Sunday',
    is_bank_holiday: 'An England and Wales bank holiday (seed bank_holidays)',
    is_working_day: 'Neither a weekend nor a bank holiday',
    working_day_number:
      'Working days from 2000-01-01 up to and including this day; a non-working day carries the number of the working day before it',
    holidays_known: 'The bank holiday seed covers this year; outside it only weekends are skipped',
  },
  query: ({ ref, db }) =>
    db
      .with('bounds', (qb) =>
        qb
          .selectFrom(ref('seed_bank_holidays').as('h'))
          .select([
            sql<number>`min(year(h.holiday_on))`.as('first_year'),
            sql<number>`max(year(h.holiday_on))`.as('last_year'),
          ]),
      )
      .with('days', (qb) =>
        qb
          .selectFrom('bounds as b')
          .select([
            sql<string>`unnest(generate_series(DATE '2000-01-01', make_date(b.last_year + 1, 12, 31), INTERVAL 1 DAY))::DATE`.as(
              'calendar_on',
            ),
            'b.first_year',
            'b.last_year',
          ]),
      )
      .with('flagged', (qb) =>
        qb
          .selectFrom('days as d')
          .leftJoin(ref('seed_bank_holidays').as('h'), 'h.holiday_on', 'd.calendar_on')
          .select([
            'd.calendar_on',
            sql<boolean>`isodow(d.calendar_on) >= 6`.as('is_weekend'),
            sql<boolean>`h.holiday_on is not null`.as('is_bank_holiday'),
            sql<boolean>`year(d.calendar_on) between d.first_year and d.last_year`.as('holidays_known'),
          ]),
      )
      .with('working', (qb) =>
        qb
          .selectFrom('flagged')
          .selectAll()
          .select(sql<boolean>`not is_weekend and not is_bank_holiday`.as('is_working_day')),
      )
      .selectFrom('working')
      .select([
        'calendar_on',
        'is_weekend',
        'is_bank_holiday',
        'is_working_day',
        sql<number>`sum(is_working_day::INTEGER) over (order by calendar_on rows between unbounded preceding and current row)::INTEGER`.as(
          'working_day_number',
        ),
        'holidays_known',
      ])
      .orderBy('calendar_on'),
  tests: [
    { unique: 'calendar_on' },
    { not_null: ['calendar_on', 'is_working_day', 'working_day_number'] },
    { expression: 'is_working_day = (not is_weekend and not is_bank_holiday)', name: 'working day definition' },
    { expression: "not (is_bank_holiday and is_weekend)", name: 'bank holidays fall on weekdays' },
  ],
});
