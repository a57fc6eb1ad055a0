import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_assessments',
  layer: 'staging',
  grain: 'one row per assessment reading per outcome area',
  materialized: 'view',
  description:
    'Distance-travelled readings in long form; rows sharing assessment_id form one reading. retrospective defaults to false.',
  columns: {
    assessment_id: 'One reading',
    episode_id: 'Episode',
    person_id: 'Whose reading; null for family-level tools',
    tool: 'Assessment tool',
    edition: "Tool edition ('1' when not given); editions are not compared",
    assessed_on: 'Date of the reading',
    completed_by: 'Who completed it',
    retrospective: 'Entered after the fact; false when not given',
    area: 'Outcome area of the tool',
    score: "Score within the tool's scale",
    progress: 'Family Circle only: progress judgement',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('assessments').as('a')).select([
      'a.assessment_id',
      'a.episode_id',
      'a.person_id',
      'a.tool',
      sql<string>`coalesce(a.edition, '1')`.as('edition'),
      'a.assessed_on',
      'a.completed_by',
      sql<boolean>`coalesce(a.retrospective, false)`.as('retrospective'),
      'a.area',
      'a.score',
      'a.progress',
    ]),
  tests: [
    { unique: ['assessment_id', 'area'] },
    { not_null: ['assessment_id', 'episode_id', 'tool', 'edition', 'assessed_on', 'area', 'score', 'retrospective'] },
    { relationships: { column: 'episode_id', to: 'stg_episodes', field: 'episode_id' } },
    { relationships: { column: 'tool', to: 'seed_tool_areas', field: 'tool' } },
  ],
});
