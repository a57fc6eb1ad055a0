import { defineModel } from '../core/defineModel.ts';
import { noFilters } from '../indicators/Filters.ts';
import { youthJustice, youthJusticeColumns } from '../indicators/youthJustice.ts';

export default defineModel({
  name: 'mart_youth_justice',
  layer: 'marts',
  grain: 'one row per calendar quarter x locality, and one per quarter for the whole authority (locality null)',
  materialized: 'table',
  description:
    'Youth justice by quarter (indicators.md section 7): first time entrants and their rate per 10,000 of the 10-17 population, proven reoffending of the quarterly cohorts once their 18 months have passed, custody sentences as a share of court outcomes, and the 2023 KPIs the extract answers (suitable ETE, SEND, looked-after children) over the orders that ended. The indicator youthJustice with no filters, by locality and for the whole authority: the whole-authority row (locality null) is a total of the locality rows, and the only one with the first time entrant rate, since the configured population is the authority\'s. Do not add it to the locality rows.',
  columns: youthJusticeColumns,
  query: (ctx) =>
    ctx.db
      .selectFrom(youthJustice(ctx, noFilters).as('by_locality'))
      .selectAll()
      .unionAll(ctx.db.selectFrom(youthJustice(ctx, noFilters, { byLocality: false }).as('authority')).selectAll()),
  tests: [
    { unique: ['quarter', 'locality'] },
    { not_null: ['quarter', 'first_time_entrants', 'reoffending_cohort', 'reoffending_follow_up_complete', 'court_outcomes', 'custody_sentences', 'orders_ended'] },
    { expression: 'fte_rate_per_10000 is null or locality is null', name: 'the rate only for the whole authority' },
    { expression: '(reoffenders is null) = (not reoffending_follow_up_complete)', name: 'reoffending only once the follow-up has passed' },
    { expression: 'reoffenders is null or reoffenders <= reoffending_cohort and reoffenders <= reoffences', name: 'reoffenders within the cohort' },
    { expression: 'suitable_ete <= orders_ended and send <= orders_ended and looked_after <= orders_ended', name: 'KPI counts within orders ended' },
    { expression: "quarter = date_trunc('quarter', quarter)", name: 'quarter starts' },
  ],
});
