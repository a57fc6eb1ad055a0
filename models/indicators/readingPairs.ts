import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Distance-travelled pairs (indicators.md section 2), one row per subject (episode,
 * person or family, tool, edition, area) that has a pair for the filters.
 *
 * - baseline: the subject's baseline reading (int_readings.is_baseline: the first ever,
 *   or the worse of the first two by config), whatever the period;
 * - latest: the last reading on or before `filters.to`, counted only when it falls
 *   inside [from, to] (Star Online's annual report: latest in the year against the first
 *   ever), which is the last reading inside the period;
 * - a pair needs the latest to be later than the baseline, so one reading, or readings
 *   all on one date, make no pair.
 *
 * Service, locality and team are the episode's; age band, sex, ethnicity and SEND are the
 * person's for person-level tools and any child's of the family for family-level ones.
 * mart_reading_pairs is this with noFilters; every aggregate of section 2 starts here.
 */
export function readingPairs(ctx: IndicatorContext, filters: Filters) {
  const { db, ref } = ctx;
  const readings = () => db.selectFrom(ref('int_readings').as('r')).selectAll('r');
  const columns = { period: 'r.assessed_on', service: 'r.service', locality: 'r.locality', team: 'r.team' };
  // The subject is a person or, for family-level tools, the family: filter each by its own.
  const personLevel = applyFilters(ctx, readings().where('r.person_id', 'is not', null), filters, { ...columns, person: 'r.person_id' });
  const familyLevel = applyFilters(ctx, readings().where('r.person_id', 'is', null), filters, { ...columns, family: 'r.family_id' });
  // The latest candidate's columns: the one with the highest reading_seq, which int_readings
  // numbers by (assessed_on, assessment_id), the order "latest" reverses. arg_max_null keeps
  // a null of that reading (a stage-less tool, no team) rather than taking an older one's.
  const latest = (column: string) => sql`arg_max_null(${sql.ref(column)}, reading_seq)`;
  return db
    .with('candidates', () => personLevel.unionAll(familyLevel))
    // Performance: one hash aggregate per subject over the candidates, which carry their
    // subject's baseline (int_readings.baseline_*), rather than a max per subject joined back
    // to int_readings and then to the baselines on the five subject columns (0.65-1.2 s against
    // 0.16-0.2 s with a period on the 2M-event bench, paid by the Distance and Logic model pages).
    .with('latest', (qb) =>
      qb
        .selectFrom('candidates')
        .groupBy(['episode_id', 'person_id', 'tool', 'edition', 'area'])
        .select([
          'episode_id',
          'person_id',
          'tool',
          'edition',
          'area',
          sql<number>`max(reading_seq)`.as('latest_reading_seq'),
          latest('assessment_id').as('latest_assessment_id'),
          latest('assessed_on').as('latest_on'),
          latest('score').as('latest_score'),
          latest('stage').as('latest_stage'),
          latest('stage_rank').as('latest_stage_rank'),
          latest('family_id').as('family_id'),
          latest('service').as('service'),
          latest('locality').as('locality'),
          latest('team').as('team'),
          latest('better').as('better'),
          // The same on every reading of the subject.
          sql`any_value(baseline_assessment_id)`.as('baseline_assessment_id'),
          sql`any_value(baseline_on)`.as('baseline_on'),
          sql`any_value(baseline_score)`.as('baseline_score'),
          sql`any_value(baseline_stage)`.as('baseline_stage'),
          sql`any_value(baseline_stage_rank)`.as('baseline_stage_rank'),
        ]),
    )
    .with('paired', (qb) =>
      qb
        .selectFrom('latest as l')
        .leftJoin(ref('int_reliable_change_thresholds').as('t'), (j) =>
          j.onRef('t.tool', '=', 'l.tool').onRef('t.edition', '=', 'l.edition').onRef('t.area', '=', 'l.area'),
        )
        // A pair needs the latest reading later than the baseline.
        .where(sql<boolean>`l.latest_on > l.baseline_on`)
        .selectAll('l')
        .select([
          // A positive improvement always means better: GCP2 is better lower.
          sql<number>`case when l.better = 'lower' then l.baseline_score - l.latest_score else l.latest_score - l.baseline_score end`.as(
            'improvement',
          ),
          't.threshold as reliable_threshold',
        ]),
    )
    .selectFrom('paired')
    .select([
      'episode_id',
      'person_id',
      'family_id',
      'tool',
      'edition',
      'area',
      'baseline_assessment_id',
      'baseline_on',
      'baseline_score',
      'latest_assessment_id',
      'latest_on',
      'latest_score',
      'improvement',
      'baseline_stage',
      'latest_stage',
      // stage_rank is 1 for the worst stage on every tool, so "up" is a higher rank, GCP2 included.
      sql<boolean | null>`latest_stage_rank > baseline_stage_rank`.as('stage_up'),
      // Jacobson-Truax; a zero change is never an improvement, even when every baseline is equal (threshold 0).
      sql<boolean | null>`case when reliable_threshold is not null then improvement > 0 and improvement >= reliable_threshold end`.as(
        'reliable_improvement',
      ),
      'service',
      'locality',
      'team',
      'better',
      'baseline_stage_rank',
      'latest_stage_rank',
      'reliable_threshold',
      'latest_reading_seq',
      sql<boolean>`improvement > 0`.as('improved'),
      sql<boolean>`improvement = 0`.as('same'),
      sql<boolean>`improvement < 0`.as('worse'),
    ]);
}

/** Columns readingPairs returns, with what they mean (mart_reading_pairs documents them). */
export const readingPairsColumns: Record<string, string> = {
  episode_id: 'Episode of the subject',
  person_id: 'Whose readings; null for family-level tools (the subject is the family)',
  family_id: "The episode's family",
  tool: 'Assessment tool',
  edition: 'Tool edition (editions are never compared)',
  area: 'Outcome area',
  baseline_assessment_id: "The baseline reading: the first, or the worse of the first two (config distanceTravelled.baseline)",
  baseline_on: 'Date of the baseline reading',
  baseline_score: 'Baseline score in the area',
  latest_assessment_id: 'The latest reading: the last on or before the period end (all time here), later than the baseline',
  latest_on: 'Date of the latest reading',
  latest_score: 'Latest score in the area',
  improvement: 'latest - baseline, or baseline - latest for tools where lower is better (GCP2): positive always means better',
  baseline_stage: 'Journey of Change stage (or Teen Star stage, GCP2 grade) of the baseline score; null for tools without stages',
  latest_stage: 'Stage of the latest score',
  stage_up: 'The latest stage is better than the baseline stage; null for tools without stages',
  reliable_improvement:
    'Jacobson-Truax reliable improvement: improvement above 0 and at least int_reliable_change_thresholds.threshold; null when there is no threshold (fewer than two paired subjects)',
  service: "The episode's service",
  locality: "The episode's locality, else the family's",
  team: "The episode's team",
  better: 'higher or lower: which direction is better on the tool',
  baseline_stage_rank: 'Rank of the baseline stage (1 = worst)',
  latest_stage_rank: 'Rank of the latest stage (1 = worst)',
  reliable_threshold: 'Improvement needed for a reliable improvement in this tool, edition and area',
  latest_reading_seq: "Position of the latest reading in the subject's readings (readings so far)",
  improved: 'improvement > 0',
  same: 'improvement = 0',
  worse: 'improvement < 0',
};
