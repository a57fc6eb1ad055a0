import { defineModel } from '../core/defineModel.ts';
import { noFilters } from '../indicators/Filters.ts';
import { logicModel, logicModelColumns } from '../indicators/logicModel.ts';

export default defineModel({
  name: 'mart_logic_model',
  layer: 'marts',
  grain: 'one row per logic-model item x figure x category x month x locality x service (one row per item not measurable from case data)',
  materialized: 'table',
  description:
    'The three Targeted Youth Support logic models (indicators.md sections 5 and 8) with the figures answering each outcome, determinant, service-level and system measure, by month, locality and service: the indicator logicModel with no filters, so the dashboard, the exports and this table give the same numbers. Items not measurable from case data appear once with measurable false and a null value. Counts of distinct people and medians do not add up over months, localities or services: for a total, call logicModel with byMonth, byLocality or byService off, or aggregate mart_logic_model_facts. Means, per-unit figures and shares add up through numerator and denominator.',
  columns: logicModelColumns,
  query: (ctx) => logicModel(ctx, noFilters),
  tests: [
    { unique: ['logic_model', 'measure_code', 'figure', 'category', 'period', 'locality', 'service'] },
    { not_null: ['logic_model', 'impact_statement', 'measure_kind', 'measure_code', 'measure_label', 'figure_label', 'measurable'] },
    { relationships: { column: 'metric', to: 'seed_logic_models', field: 'metric' } },
    { expression: 'measurable = (metric is not null)', name: 'measurable exactly when the item has a metric' },
    { expression: 'measurable or (value is null and period is null)', name: 'items not measurable have no value' },
    { expression: 'not measurable or (value is not null and period is not null)', name: 'measurable rows have a month and a value' },
    { expression: "aggregation is distinct from 'share' or value between 0 and 100", name: 'shares are percentages' },
    { expression: "coalesce(aggregation, '') not in ('share', 'per_unit', 'mean') or abs(value - numerator / denominator * case when aggregation = 'share' then 100 else 1 end) < 1e-9", name: 'value agrees with numerator and denominator' },
    { expression: "coalesce(aggregation, '') not in ('median', 'mean', 'per_unit', 'share') or denominator > 0", name: 'rates and medians have a denominator' },
  ],
});
