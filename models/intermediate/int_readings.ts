import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// The subject of indicators.md section 2: (episode, person or family, tool, edition, area).
// person_id is null for family-level tools, so windows partition on it as it is (nulls
// form one group) and the family is the episode's.
const subject = sql`episode_id, person_id, tool, edition, area`;

export default defineModel({
  name: 'int_readings',
  layer: 'intermediate',
  grain: 'one row per distance-travelled reading per outcome area, retrospective readings left out (config)',
  materialized: 'table',
  description:
    "Distance-travelled readings (indicators.md section 2) ready to pair: each area score with its reading's mean over areas, its Journey of Change stage (or GCP2 grade), its place in the subject's sequence of readings and whether it is the subject's baseline. Retrospective readings are left out when distanceTravelled.excludeRetrospective is on (the default). Every pairing, for any period, starts here (models/indicators/readingPairs.ts).",
  columns: {
    assessment_id: 'The reading (rows sharing assessment_id)',
    episode_id: 'Episode the reading belongs to',
    family_id: "The episode's family",
    person_id: 'Whose reading; null for family-level tools (the subject is then the family)',
    service: "The episode's service",
    team: "The episode's team",
    locality: "The episode's locality, else the family's",
    tool: 'Assessment tool',
    edition: 'Tool edition; readings of different editions are different subjects, never compared',
    area: 'Outcome area of the tool',
    better: 'higher or lower: which direction of score is better on this tool (seed_tool_areas)',
    assessed_on: 'Date of the reading',
    score: 'Score in this area',
    progress: 'Family Circle only: progress judgement in this area',
    reading_mean: "Mean of the reading's scores over all its areas",
    stage: 'Journey of Change stage, Teen Star stage or GCP2 grade of the score (seed_journey_stages; an edition row overrides the edition-less one); null for tools without stages (Family Circle)',
    stage_rank: 'Order of the stage, 1 = worst, so a higher rank is better on every tool, GCP2 included',
    reading_seq: "Position of the reading among the subject's readings, by date then assessment_id (1 = first)",
    is_baseline:
      "The subject's baseline: the first reading, or with distanceTravelled.baseline = 'lower_of_first_two' the worse of the first two by reading_mean (lower for tools where higher is better, higher for GCP2; the first on a tie)",
    baseline_assessment_id: "The subject's baseline reading (the row with is_baseline), on every reading of the subject",
    baseline_on: 'Date of the baseline reading',
    baseline_score: 'Baseline score in this area',
    baseline_stage: 'Stage of the baseline score',
    baseline_stage_rank: 'Rank of the baseline stage (1 = worst)',
  },
  query: ({ ref, config, db }) =>
    db
      // Not materialized: read twice (means, staged), DuckDB would otherwise store the joined
      // readings first; joining again is cheaper (1.27 s -> 1.04 s on the 2M-event bench).
      .with((cte) => cte('readings').notMaterialized(), (qb) =>
        qb
          .selectFrom(ref('stg_assessments').as('a'))
          .innerJoin(ref('int_episodes').as('e'), 'e.episode_id', 'a.episode_id')
          // Inner join: `better` decides the sign of every improvement, so an area the seed does not know cannot be paired.
          .innerJoin(ref('seed_tool_areas').as('t'), (j) => j.onRef('t.tool', '=', 'a.tool').onRef('t.area', '=', 'a.area'))
          .select([
            'a.assessment_id',
            'a.episode_id',
            'e.family_id',
            'a.person_id',
            'e.service',
            'e.team',
            'e.locality',
            'a.tool',
            'a.edition',
            'a.area',
            't.better',
            'a.assessed_on',
            'a.score',
            'a.progress',
          ])
          // Section 2: retrospective readings are left out by default (config).
          .$if(config.distanceTravelled.excludeRetrospective, (q) => q.where('a.retrospective', '=', false)),
      )
      .with('means', (qb) =>
        qb.selectFrom('readings').select(['assessment_id', sql<number>`avg(score)`.as('reading_mean')]).groupBy('assessment_id'),
      )
      .with('staged', (qb) =>
        qb
          .selectFrom('readings as r')
          .innerJoin('means as m', (j) => j.on(sql<boolean>`m.assessment_id is not distinct from r.assessment_id`))
          // Scores are decimals on integer-bounded stages: a stage runs from score_from up to the next stage's start.
          .leftJoin(ref('seed_journey_stages').as('se'), (j) =>
            j
              .onRef('se.tool', '=', 'r.tool')
              .onRef('se.edition', '=', 'r.edition')
              .on(sql<boolean>`r.score >= se.score_from and r.score < se.score_to + 1`),
          )
          .leftJoin(ref('seed_journey_stages').as('sg'), (j) =>
            j
              .onRef('sg.tool', '=', 'r.tool')
              .on('sg.edition', 'is', null)
              .on(sql<boolean>`r.score >= sg.score_from and r.score < sg.score_to + 1`),
          )
          .selectAll('r')
          .select([
            'm.reading_mean',
            // Edition 2 Outcome Stars call the top stage self_reliance: the edition's own row wins.
            sql<string | null>`coalesce(se.stage, sg.stage)`.as('stage'),
            sql<number | null>`coalesce(se.stage_rank, sg.stage_rank)`.as('stage_rank'),
            sql<number>`(row_number() over subject_order)::INTEGER`.as('reading_seq'),
            // The first reading, the default baseline, on every reading of its subject.
            // Performance: pairing (readingPairs, on every distance-travelled or logic model
            // request with a period) then takes one pass over the readings, with no join
            // back to the baselines: 0.65-1.2 s -> 0.16-0.2 s a request on the 2M-event
            // bench. The window is the one reading_seq sorts by already.
            sql<string>`first_value(r.assessment_id) over subject_order`.as('first_assessment_id'),
            sql<string>`first_value(r.assessed_on) over subject_order`.as('first_on'),
            sql<number>`first_value(r.score) over subject_order`.as('first_score'),
            sql<string | null>`first_value(coalesce(se.stage, sg.stage)) over subject_order`.as('first_stage'),
            sql<number | null>`first_value(coalesce(se.stage_rank, sg.stage_rank)) over subject_order`.as('first_stage_rank'),
          ])
          .modifyEnd(sql`window subject_order as (partition by r.episode_id, r.person_id, r.tool, r.edition, r.area order by r.assessed_on, r.assessment_id)`),
      )
      .with('first_two', (qb) =>
        qb
          .selectFrom('staged')
          .selectAll()
          .select(
            // "Lower-scoring" means the worse reading: on GCP2 a lower score is better, so the higher mean is the worse.
            sql<number>`row_number() over (
              partition by ${subject}
              order by case when better = 'lower' then -reading_mean else reading_mean end, reading_seq
            )`.as('worse_order'),
          )
          .where('reading_seq', '<=', 2),
      )
      .selectFrom('staged as s')
      // Performance: first_two is joined only when the baseline needs it. With the default
      // baseline ('first') it would be computed and joined for nothing, and its second read
      // of staged made DuckDB materialize staged (~0.4 s on the 2M-event bench). The join
      // is on (assessment_id, area), unique, so it never changes the rows.
      .$if(config.distanceTravelled.baseline === 'lower_of_first_two', (q) =>
        q
          .leftJoin('first_two as f', (j) => j.onRef('f.assessment_id', '=', 's.assessment_id').onRef('f.area', '=', 's.area'))
          // The subject's baseline, the worse of its first two, on each of its readings.
          .leftJoin('first_two as fb', (j) =>
            j
              .on(sql<boolean>`fb.episode_id = s.episode_id and fb.person_id is not distinct from s.person_id and fb.tool = s.tool and fb.edition = s.edition and fb.area = s.area`)
              .on('fb.worse_order', '=', 1),
          ),
      )
      .select([
        's.assessment_id',
        's.episode_id',
        's.family_id',
        's.person_id',
        's.service',
        's.team',
        's.locality',
        's.tool',
        's.edition',
        's.area',
        's.better',
        's.assessed_on',
        's.score',
        's.progress',
        's.reading_mean',
        's.stage',
        's.stage_rank',
        's.reading_seq',
        (config.distanceTravelled.baseline === 'lower_of_first_two'
          ? sql<boolean>`coalesce(f.worse_order = 1, false)`
          : sql<boolean>`s.reading_seq = 1`
        ).as('is_baseline'),
        ...(config.distanceTravelled.baseline === 'lower_of_first_two'
          ? [
              sql<string>`fb.assessment_id`.as('baseline_assessment_id'),
              sql<string>`fb.assessed_on`.as('baseline_on'),
              sql<number>`fb.score`.as('baseline_score'),
              sql<string | null>`fb.stage`.as('baseline_stage'),
              sql<number | null>`fb.stage_rank`.as('baseline_stage_rank'),
            ]
          : [
              sql<string>`s.first_assessment_id`.as('baseline_assessment_id'),
              sql<string>`s.first_on`.as('baseline_on'),
              sql<number>`s.first_score`.as('baseline_score'),
              sql<string | null>`s.first_stage`.as('baseline_stage'),
              sql<number | null>`s.first_stage_rank`.as('baseline_stage_rank'),
            ]),
      ]),
  tests: [
    { unique: ['assessment_id', 'area'] },
    { unique: ['episode_id', 'person_id', 'tool', 'edition', 'area', 'reading_seq'] },
    { not_null: ['assessment_id', 'episode_id', 'family_id', 'service', 'locality', 'tool', 'edition', 'area', 'better', 'assessed_on', 'score', 'reading_mean', 'reading_seq', 'is_baseline', 'baseline_assessment_id', 'baseline_on', 'baseline_score'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { accepted_values: { column: 'better', values: ['higher', 'lower'] } },
    { expression: 'stage is not null or tool not in (select tool from seed_journey_stages)', name: 'every score of a staged tool has a stage' },
    { expression: 'is_baseline = false or reading_seq <= 2', name: 'baseline is one of the first two readings' },
    {
      expression: 'is_baseline = false or (baseline_assessment_id = assessment_id and baseline_on = assessed_on and baseline_score = score)',
      name: "each subject's baseline columns are its baseline reading's",
    },
  ],
});
