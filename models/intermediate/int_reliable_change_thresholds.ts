import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_reliable_change_thresholds',
  layer: 'intermediate',
  grain: 'one row per tool x edition x area with at least one paired subject',
  // A table, not a view: it depends on no filter, and as a view every distance-travelled and
  // logic model request worked it out again from all readings (about 0.3 s each on the
  // 2M-event bench) for a few dozen rows.
  materialized: 'table',
  description:
    "The Jacobson-Truax reliable change threshold of each tool, edition and area (indicators.md section 2): 1.96 x SD_baseline x sqrt(2) x sqrt(1 - r). SD_baseline is the sample standard deviation of the baseline scores of every subject that has a pair (a later reading than its baseline), over all time and every service, so a subject's reliable change does not move with the filters or the period a page is showing. r is distanceTravelled.reliability of the tool (config).",
  columns: {
    tool: 'Assessment tool',
    edition: 'Tool edition',
    area: 'Outcome area',
    n_paired_subjects: 'Subjects with a pair whose baseline scores the SD is taken over',
    sd_baseline: 'Sample standard deviation of their baseline scores; null when fewer than two',
    reliability: 'Test-retest reliability r of the tool (config distanceTravelled.reliability); null when the configuration has none for the tool',
    threshold: 'Improvement needed for a reliable improvement: 1.96 x sd_baseline x sqrt(2) x sqrt(1 - reliability); null when sd_baseline is null',
  },
  query: ({ ref, config, db }) => {
    const reliability = Object.entries(config.distanceTravelled.reliability);
    return (
      db
        // A subject has a pair when any reading comes after its baseline (section 2: readings
        // on different dates); each reading carries its subject's baseline (int_readings).
        .with('paired', (qb) =>
          qb
            .selectFrom(ref('int_readings').as('r'))
            .groupBy(['r.episode_id', 'r.person_id', 'r.tool', 'r.edition', 'r.area'])
            .having(sql<boolean>`bool_or(r.assessed_on > r.baseline_on)`)
            .select(['r.tool', 'r.edition', 'r.area', sql<number>`any_value(r.baseline_score)`.as('score')]),
        )
        .with('spread', (qb) =>
          qb
            .selectFrom('paired')
            .select([
              'tool',
              'edition',
              'area',
              sql<number>`count(*)::INTEGER`.as('n_paired_subjects'),
              // stddev_samp is null for a single value: no spread, no threshold.
              sql<number | null>`stddev_samp(score)`.as('sd_baseline'),
            ])
            .groupBy(['tool', 'edition', 'area']),
        )
        .with('with_reliability', (qb) =>
          qb.selectFrom('spread as s').selectAll('s').select(
            // A tool the configuration gives no reliability has no threshold.
            (reliability.length
              ? sql<number | null>`case s.tool ${sql.join(
                  reliability.map(([tool, r]) => sql`when ${sql.lit(tool)} then ${sql.lit(r)}`),
                  sql` `,
                )} end`
              : sql<number | null>`null::DOUBLE`
            ).as('reliability'),
          ),
        )
        .selectFrom('with_reliability')
        .selectAll()
        .select(sql<number | null>`1.96 * sd_baseline * sqrt(2) * sqrt(1 - reliability)`.as('threshold'))
        .orderBy('tool').orderBy('edition').orderBy('area')
    );
  },
  tests: [
    { unique: ['tool', 'edition', 'area'] },
    { not_null: ['tool', 'edition', 'area', 'n_paired_subjects'] },
    { expression: '(sd_baseline is null) = (n_paired_subjects < 2)', name: 'SD only from two or more subjects' },
    { expression: 'threshold is null or threshold >= 0', name: 'threshold not negative' },
  ],
});
