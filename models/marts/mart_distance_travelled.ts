import { defineModel } from '../core/defineModel.ts';
import { distanceTravelled, distanceTravelledColumns } from '../indicators/distanceTravelled.ts';
import { noFilters } from '../indicators/Filters.ts';

export default defineModel({
  name: 'mart_distance_travelled',
  layer: 'marts',
  grain: 'one row per tool x edition x area with at least one pair, all time',
  materialized: 'table',
  description:
    'Distance travelled on each tool, edition and area over every pair of all time (indicators.md sections 2 and 8): the indicator distanceTravelled with no filters, so the dashboard, the exports and this table give the same numbers.',
  columns: distanceTravelledColumns,
  query: (ctx) => distanceTravelled(ctx, noFilters),
  tests: [
    { unique: ['tool', 'edition', 'area'] },
    { not_null: ['tool', 'edition', 'area', 'n_pairs', 'mean_baseline', 'mean_latest', 'mean_improvement', 'pct_improved', 'pct_same', 'pct_worse'] },
    { relationships: { column: 'tool', to: 'seed_tool_areas', field: 'tool' } },
    { expression: 'n_improved + n_same + n_worse = n_pairs', name: 'improved, same and worse add up' },
    { expression: 'abs(pct_improved + pct_same + pct_worse - 100) < 1e-9', name: 'percentages add to 100' },
    { expression: 'n_pairs < 2 or ci95_low <= mean_improvement and mean_improvement <= ci95_high', name: 'interval holds the mean' },
    { expression: '(ci95_low is null) = (n_pairs < 2)', name: 'interval from two pairs' },
    { expression: 'abs(sum_improvement - mean_improvement * n_pairs) < 1e-6', name: 'sum agrees with mean' },
  ],
});
