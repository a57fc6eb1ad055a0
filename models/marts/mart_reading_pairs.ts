import { defineModel } from '../core/defineModel.ts';
import { noFilters } from '../indicators/Filters.ts';
import { readingPairs, readingPairsColumns } from '../indicators/readingPairs.ts';

export default defineModel({
  name: 'mart_reading_pairs',
  layer: 'marts',
  grain: 'one row per subject (episode, person or family, tool, edition, area) with a pair, latest reading of all time',
  materialized: 'table',
  description:
    "Distance travelled per subject (indicators.md sections 2 and 8): the baseline reading against the latest reading of all time, the improvement (positive = better, GCP2 included), stages, stage up and Jacobson-Truax reliable improvement. The same function with a period (filters.from/to) gives the pairs of that period: latest reading inside the period against the first ever.",
  columns: readingPairsColumns,
  query: (ctx) =>
    readingPairs(ctx, noFilters)
      .orderBy('episode_id')
      .orderBy('person_id')
      .orderBy('tool')
      .orderBy('edition')
      .orderBy('area'),
  tests: [
    { unique: ['episode_id', 'person_id', 'tool', 'edition', 'area'] },
    {
      not_null: [
        'episode_id',
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
        'service',
        'locality',
        'improved',
        'same',
        'worse',
      ],
    },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { expression: 'latest_on > baseline_on', name: 'latest after baseline' },
    { expression: "improvement = case when better = 'lower' then baseline_score - latest_score else latest_score - baseline_score end", name: 'improvement sign follows the better direction' },
    { expression: '(improved::INTEGER + same::INTEGER + worse::INTEGER) = 1', name: 'exactly one of improved, same, worse' },
    { expression: '(stage_up is null) = (baseline_stage is null or latest_stage is null)', name: 'stage_up wherever both stages are known' },
    { expression: 'reliable_improvement is not true or improved', name: 'a reliable improvement is an improvement' },
  ],
});
