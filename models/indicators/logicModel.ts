import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import { hasNoFilters, type Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { figure, figureValues, stockFigures, type FigureName } from './logicModelFigures.ts';
import { readingPairs } from './readingPairs.ts';

export interface LogicModelOptions {
  /** One row per month (default); false gives one row for the whole filtered period (period null). */
  byMonth?: boolean;
  /** One row per locality (default); false adds the localities up (locality null). */
  byLocality?: boolean;
  /** One row per service (default); false adds the services up (service null). */
  byService?: boolean;
  /**
   * Only these figures (default: every figure), for an answer that needs a few: the facts of
   * the others are not read, and distance-travelled pairs are not made unless asked for.
   */
  figures?: readonly FigureName[];
}

/** A figure's group and category: what by_category groups on. */
const categoryKeys = ['metric', 'figure', 'aggregation', 'category', 'period', 'group_locality', 'group_service'] as const;

/** The columns of a fact the aggregation reads, in one order for both branches of the de-duplication. */
const factKeys = [
  ...categoryKeys,
  'fact_on',
  'fact_id',
  'unit_id',
  'unit_seq',
  'value',
] as const;

/** The same columns for a fact attributed to several episodes: its copy attributed to the first episode. */
const firstAttribution = factKeys.map((c) =>
  ['figure', 'period', 'group_locality', 'group_service', 'fact_id'].includes(c)
    ? sql.ref(c).as(c)
    : sql`arg_min(${sql.ref(c)}, episode_id)`.as(c),
);

/**
 * The logic-model measures (indicators.md section 5) for any filters: every row of the
 * seed logic_models (each outcome, determinant, service-level and system measure of the
 * three Targeted Youth Support logic models) with the figures of its computed metric, per
 * month, locality and service; a measure the case data cannot answer (file audits, case
 * studies, ...) comes once with measurable false and a null value, so the page can say so.
 *
 * The cohort is the young people in episodes of the selected services
 * (int_cohort_windows). Facts come row by row from mart_logic_model_facts (and the section
 * 2 pairs for distance travelled), so each group is aggregated from its own rows: a fact
 * attributed to two episodes of one group counts once, medians are medians of the group's
 * durations, and share figures count each person once at their latest fact in the group.
 * With byMonth / byLocality / byService off the same aggregation runs over the whole period,
 * every locality or every service, which is the only correct total of a distinct count or
 * a median. Rates, means and medians carry their numerator (where one exists) and
 * denominator.
 *
 * Filters: the period applies to the fact's date; service, locality and team to the
 * attributed episode; age band, sex, ethnicity and SEND to the young person, or to any
 * child of the family for facts of family episodes. Area measures are about no person and
 * no service: only the period and locality filters apply to them, and a locality filter
 * leaves out the authority-wide rows (locality null). With byLocality off, area measures
 * are summed over every row, authority-wide ones included: a partner that sends both
 * locality and authority-wide rows for the same month would be counted twice.
 *
 * A stock (a figure counted at a point in time: episodes open at the month end, county
 * lines known; Stock in logicModelFigures.ts) is never added up over months: a month's row
 * is its value then, and a whole-period row (byMonth off) its value at one date, `as_at`:
 * the last month end in the period (the extract date when the period reaches it) for
 * month-end stocks, the latest month in the period with a partner's return for returns.
 * With byLocality off that date is the same for every group; with it on, a locality
 * without a return that month has no row.
 *
 * A whole-period answer (byMonth off) lists every figure of every measurable item, so the
 * page keeps each measure in its place (section 5) instead of losing it when the filters
 * leave it no facts: a figure with none comes once, with period, category, locality and
 * service null and a value of 0 for a count (nothing happened; for a month-end stock,
 * nothing was open at `as_at`), or null for anything else (a median, mean, share or
 * partner return of nothing: no data in the period). By-month answers (and
 * mart_logic_model) have rows for months with facts only: a month missing from a count's
 * trend is a 0.
 */
export function logicModel(ctx: IndicatorContext, filters: Filters, options: LogicModelOptions = {}) {
  const { db, ref } = ctx;
  const { byMonth = true, byLocality = true, byService = true, figures: only } = options;
  const wanted = (name: FigureName) => !only || only.includes(name);
  const facts = () =>
    db
      .selectFrom(ref('mart_logic_model_facts').as('f'))
      .selectAll('f')
      .$if(only !== undefined, (q) => (only!.length ? q.where('f.figure', 'in', [...only!]) : q.where(sql<boolean>`false`)));
  const catalogue = () => figureValues(only);
  const columns = { period: 'f.fact_on', service: 'f.service', locality: 'f.locality', team: 'f.team' };
  const personFacts = applyFilters(ctx, facts().where('f.person_id', 'is not', null), filters, { ...columns, person: 'f.person_id' });
  const familyFacts = applyFilters(ctx, facts().where('f.person_id', 'is', null).where('f.family_id', 'is not', null), filters, {
    ...columns,
    family: 'f.family_id',
  });
  const areaFacts = applyFilters(
    ctx,
    facts().where('f.family_id', 'is', null),
    { from: filters.from, to: filters.to, locality: filters.locality },
    { period: 'f.fact_on', locality: 'f.locality' },
  );
  const subject = sql`p.episode_id || '|' || coalesce(p.person_id, '') || '|' || p.tool || '|' || p.edition || '|' || p.area`;
  const key = (on: boolean, expr: ReturnType<typeof sql>, type: string) => (on ? expr : sql`null::${sql.raw(type)}`);

  return db
    // With no filter the pairs are mart_reading_pairs, readingPairs with no filters, already
    // built: recomputing them cost the mart_logic_model build about 0.8 s on the 2M-event bench.
    .with('pairs', () =>
      hasNoFilters(filters) ? db.selectFrom(ref('mart_reading_pairs').as('p')).selectAll('p') : readingPairs(ctx, filters),
    )
    .with('pair_facts', (qb) =>
      qb.selectFrom('pairs as p').select([
        sql.lit('distance_travelled').as('metric'),
        figure('distance_travelled_pairs').as('figure'),
        sql<string>`case when p.improved then 'improved' when p.same then 'same' else 'worse' end`.as('category'),
        sql<string>`p.latest_on::DATE`.as('fact_on'),
        subject.as('fact_id'),
        subject.as('unit_id'),
        sql<number | null>`null::INTEGER`.as('unit_seq'),
        sql<number | null>`null::DOUBLE`.as('value'),
        'p.episode_id',
        'p.person_id',
        'p.family_id',
        'p.service',
        'p.team',
        'p.locality',
        sql<number>`1`.as('attributions'),
      ]),
    )
    // Not materialized: DuckDB would store every fact first because later steps read the
    // facts more than once; reading the facts again costs less (mart_logic_model 2.1-2.6 s
    // -> 1.8-1.9 s on the 2M-event bench; the same figures, sums equal to 6 decimals).
    .with((cte) => cte('filtered').notMaterialized(), () =>
      personFacts
        .unionAll(familyFacts)
        .unionAll(areaFacts)
        .$if(wanted('distance_travelled_pairs'), (q) => q.unionAll((eb) => eb.selectFrom('pair_facts').selectAll())),
    )
    // The date each stock is counted at over a whole period (see the comment above). The last
    // month end in the period is worked out from the calendar, not from the facts, so a
    // locality with nothing open at the end of the period shows 0 rather than an older count.
    .with('stock_dates', (qb) =>
      qb
        .selectFrom(ref('stg_extract_manifest').as('m'))
        .innerJoin(sql`(select * from (values ${sql.join(stockFigures('month_end').map((name) => sql`(${sql.lit(name)})`))}) as v(figure))`.as('sf'), (j) => j.onTrue())
        .select([sql<string>`sf.figure`.as('figure'), lastMonthEnd(filters).as('stock_on'), lastMonthEnd(filters).as('as_at')])
        .unionAll((eb) =>
          eb
            .selectFrom('filtered as f')
            .leftJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
            .where('f.figure', 'in', stockFigures('latest_return'))
            .groupBy(['f.figure', 'm.extracted_on'])
            .select([
              'f.figure',
              sql<string>`max(f.fact_on)`.as('stock_on'),
              sql<string>`least(last_day(max(f.fact_on)), m.extracted_on)`.as('as_at'),
            ]),
        ),
    )
    // Only what the aggregation needs: the wide columns of the facts stop here.
    .with((cte) => cte('keyed').notMaterialized(), (qb) =>
      qb
        .selectFrom('filtered as f')
        .innerJoin(catalogue().as('fig'), 'fig.figure', 'f.figure')
        .$if(!byMonth, (q) =>
          q
            .leftJoin('stock_dates as s', 's.figure', 'f.figure')
            .where((eb) => eb.or([eb('fig.stock', 'is', null), eb('f.fact_on', '=', eb.ref('s.stock_on'))])),
        )
        .select([
          'f.metric',
          'f.figure',
          'fig.aggregation',
          'f.category',
          key(byMonth, sql`date_trunc('month', f.fact_on)::DATE`, 'DATE').as('period'),
          key(byLocality, sql`f.locality`, 'VARCHAR').as('group_locality'),
          key(byService, sql`f.service`, 'VARCHAR').as('group_service'),
          'f.fact_on',
          'f.fact_id',
          'f.unit_id',
          'f.unit_seq',
          'f.value',
          'f.episode_id',
          'f.attributions',
        ]),
    )
    // One fact attributed to two episodes of a group (a young person in two TYSS episodes at
    // once) counts once, as attributed to the first episode. Only facts attributed to several
    // episodes can repeat (mart_logic_model_facts.attributions), so only they are grouped: a
    // window over every fact cost over a second on the 2M-event bench.
    .with((cte) => cte('deduplicated').notMaterialized(), (qb) =>
      qb
        .selectFrom('keyed')
        .where('attributions', '=', 1)
        .select(factKeys)
        .unionAll((eb) =>
          eb
            .selectFrom('keyed')
            .where('attributions', '>', 1)
            .groupBy(['figure', 'period', 'group_locality', 'group_service', 'fact_id'])
            .select(firstAttribution),
        ),
    )
    // Share figures count a unit (a young person, a pair) once, in the category of its latest
    // fact in the group (the highest unit_seq, then fact_on, then fact_id); other figures
    // count every fact.
    .with((cte) => cte('counted').notMaterialized(), (qb) =>
      qb
        .selectFrom('deduplicated')
        .where('aggregation', '<>', 'share')
        .select([...categoryKeys, 'unit_id', 'value', 'fact_on'])
        .unionAll((eb) =>
          eb
            .selectFrom('deduplicated')
            .where('aggregation', '=', 'share')
            .groupBy(['metric', 'figure', 'aggregation', 'period', 'group_locality', 'group_service', 'unit_id'])
            .select([
              'metric',
              'figure',
              'aggregation',
              sql<string | null>`arg_max(category, (coalesce(unit_seq, -2147483648), fact_on, fact_id))`.as('category'),
              'period',
              'group_locality',
              'group_service',
              'unit_id',
              sql<number | null>`null::DOUBLE`.as('value'),
              sql<string | null>`null::DATE`.as('fact_on'),
            ]),
        ),
    )
    .with('by_category', (qb) =>
      qb
        .selectFrom('counted')
        .groupBy([...categoryKeys])
        .select([
          ...categoryKeys,
          sql<number>`count(distinct unit_id)`.as('units'),
          sql<number>`count(*)`.as('facts'),
          sql<number | null>`sum(value)`.as('total'),
          sql<number | null>`median(value)`.as('median_value'),
          sql<string | null>`max(fact_on)`.as('last_on'),
        ]),
    )
    // The units of a figure over all its categories, the denominator of shares and per-unit
    // figures (other aggregations do not read it). A share counts each unit in one category
    // (counted), so its units add up over the categories; a per-unit figure can count a unit
    // in several, so it is counted again. Performance: reading `counted` once more for
    // shares alone cost a second pass of their latest-category grouping (about 0.3 s a
    // request on the 2M-event bench).
    .with('by_figure', (qb) =>
      qb
        .selectFrom('by_category')
        .where('aggregation', '=', 'share')
        .groupBy(['figure', 'period', 'group_locality', 'group_service'])
        .select(['figure', 'period', 'group_locality', 'group_service', sql<number>`sum(units)`.as('figure_units')])
        .unionAll((eb) =>
          eb
            .selectFrom('counted')
            .where('aggregation', '=', 'per_unit')
            .groupBy(['figure', 'period', 'group_locality', 'group_service'])
            .select(['figure', 'period', 'group_locality', 'group_service', sql<number>`count(distinct unit_id)`.as('figure_units')]),
        ),
    )
    .with('figures_computed', (qb) =>
      qb
        .selectFrom('by_category as c')
        .leftJoin('by_figure as t', (j) =>
          j
            .onRef('t.figure', '=', 'c.figure')
            .on(sql<boolean>`t.period is not distinct from c.period`)
            .on(sql<boolean>`t.group_locality is not distinct from c.group_locality`)
            .on(sql<boolean>`t.group_service is not distinct from c.group_service`),
        )
        .innerJoin(catalogue().as('fig'), 'fig.figure', 'c.figure')
        .leftJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
        .select([
          'c.metric',
          'c.figure',
          'c.aggregation',
          'c.category',
          'c.period',
          'c.group_locality as locality',
          'c.group_service as service',
          sql<number | null>`(case c.aggregation
            when 'count' then c.units
            when 'sum' then c.total
            when 'median' then c.median_value
            when 'mean' then c.total / c.facts
            when 'per_unit' then c.total / t.figure_units
            when 'share' then 100.0 * c.units / t.figure_units
          end)::DOUBLE`.as('value'),
          sql<number | null>`(case c.aggregation
            when 'mean' then c.total
            when 'per_unit' then c.total
            when 'share' then c.units
          end)::DOUBLE`.as('numerator'),
          sql<number | null>`(case c.aggregation
            when 'median' then c.facts
            when 'mean' then c.facts
            when 'per_unit' then t.figure_units
            when 'share' then t.figure_units
          end)::DOUBLE`.as('denominator'),
          // A month-end stock's facts are dated at the month end; a return's at the first of its month.
          sql<string | null>`(case fig.stock
            when 'month_end' then c.last_on
            when 'latest_return' then least(last_day(c.last_on), m.extracted_on)
          end)::DATE`.as('as_at'),
        ]),
    )
    // Figures the filters left no facts (whole-period answers only; see the comment above).
    .with('absent', (qb) =>
      qb
        .selectFrom(catalogue().as('fig'))
        .leftJoin('stock_dates as s', 's.figure', 'fig.figure')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('figures_computed as v').whereRef('v.figure', '=', 'fig.figure').select(sql.lit(1).as('one')))))
        .select([
          'fig.metric',
          'fig.figure',
          'fig.aggregation',
          sql<string | null>`null::VARCHAR`.as('category'),
          sql<string | null>`null::DATE`.as('period'),
          sql<string | null>`null::VARCHAR`.as('locality'),
          sql<string | null>`null::VARCHAR`.as('service'),
          sql<number | null>`(case when fig.aggregation = 'count' and (fig.stock is null or s.as_at is not null) then 0 end)::DOUBLE`.as('value'),
          sql<number | null>`null::DOUBLE`.as('numerator'),
          sql<number | null>`null::DOUBLE`.as('denominator'),
          sql<string | null>`s.as_at::DATE`.as('as_at'),
        ]),
    )
    .with('figure_rows', (qb) => {
      const computed = qb.selectFrom('figures_computed').selectAll();
      return byMonth ? computed : computed.unionAll((eb) => eb.selectFrom('absent').selectAll());
    })
    .with('measurable', (qb) =>
      qb
        .selectFrom(ref('seed_logic_models').as('m'))
        .innerJoin('figure_rows as v', 'v.metric', 'm.metric')
        .innerJoin(catalogue().as('fig'), 'fig.figure', 'v.figure')
        .select([
          'm.logic_model',
          'm.impact_statement',
          'm.kind as measure_kind',
          'm.code as measure_code',
          'm.label as measure_label',
          'm.position as measure_position',
          'm.metric',
          'v.figure',
          'fig.figure_label',
          'v.aggregation',
          'v.category',
          'v.period',
          'v.locality',
          'v.service',
          'v.value',
          'v.numerator',
          'v.denominator',
          'v.as_at',
          sql<boolean>`true`.as('measurable'),
        ]),
    )
    .with('not_measurable', (qb) =>
      qb
        .selectFrom(ref('seed_logic_models').as('m'))
        .where('m.metric', 'is', null)
        .select([
          'm.logic_model',
          'm.impact_statement',
          'm.kind as measure_kind',
          'm.code as measure_code',
          'm.label as measure_label',
          'm.position as measure_position',
          sql<string | null>`null::VARCHAR`.as('metric'),
          sql<string | null>`null::VARCHAR`.as('figure'),
          sql<string>`'Not measurable from case data'`.as('figure_label'),
          sql<string | null>`null::VARCHAR`.as('aggregation'),
          sql<string | null>`null::VARCHAR`.as('category'),
          sql<string | null>`null::DATE`.as('period'),
          sql<string | null>`null::VARCHAR`.as('locality'),
          sql<string | null>`null::VARCHAR`.as('service'),
          sql<number | null>`null::DOUBLE`.as('value'),
          sql<number | null>`null::DOUBLE`.as('numerator'),
          sql<number | null>`null::DOUBLE`.as('denominator'),
          sql<string | null>`null::DATE`.as('as_at'),
          sql<boolean>`false`.as('measurable'),
        ]),
    )
    .selectFrom('measurable')
    .selectAll()
    .unionAll((eb) => eb.selectFrom('not_measurable').selectAll())
    .orderBy('logic_model')
    .orderBy('measure_position')
    .orderBy('figure')
    .orderBy('category')
    .orderBy('period')
    .orderBy('locality')
    .orderBy('service');
}

/** Columns logicModel returns, with what they mean (mart_logic_model documents them). */
export const logicModelColumns: Record<string, string> = {
  logic_model: 'Logic model code (seed_logic_models)',
  impact_statement: 'Its impact statement',
  measure_kind: 'outcome, determinant, service_measure or system_measure',
  measure_code: 'Item code within the logic model (O1, D2, S4, Y3, ...)',
  measure_label: 'The item as the logic model words it',
  measure_position: 'Display order within the logic model',
  metric: 'Computed metric answering the item; null when not measurable from case data',
  figure: 'Figure of the metric (several per metric: e.g. referrals, assessments and allocations for referral_flow); null when not measurable',
  figure_label: 'What the figure is, in words; "Not measurable from case data" for items without a metric',
  aggregation: 'How value is computed: count (distinct units), sum (area measures), median, mean, per_unit (sum per unit of the figure) or share (percent 0-100 of the figure\'s units)',
  category: 'Breakdown within the figure (referral source, channel, tier, lowered/same/raised, ...); null when none',
  period: 'First day of the month; null when not measurable (or for a whole-period total)',
  locality: 'Locality of the attributed episode or area measure; null for authority-wide area measures, items not measurable, or a total over localities',
  service: 'Service of the attributed episode; null for area measures, items not measurable, or a total over services',
  value: 'The figure: a count, a sum, a median in days, a mean, a count per unit or a percentage 0-100; null when not measurable',
  numerator: 'For means, per-unit figures and shares: the sum or count divided; else null',
  denominator: 'For medians and means: the facts aggregated; for per-unit figures and shares: the units of the figure in the group; else null',
  as_at: 'For a figure counted at a point in time (episodes open at the month end, county lines known): the date it is counted at, the month end (or the extract date) of the row\'s month, or for a whole-period total the last one in the period; null for figures that add up over time',
  measurable: 'False for items not measurable from case data (file audits, case studies, ...), shown rather than hidden',
};

/**
 * The last date in the filtered period at which month-end facts are dated: the last day of
 * a month, or the extract date for the current month (int_logic_model_episode_facts); null
 * when the period holds none (a period inside one month, before its end).
 */
function lastMonthEnd(filters: Filters) {
  const end = filters.to ? sql<string>`least(${filters.to}::DATE, m.extracted_on)` : sql<string>`m.extracted_on`;
  const onOrBefore = sql<string>`(case when ${end} = m.extracted_on or ${end} = last_day(${end}) then ${end} else (date_trunc('month', ${end}) - interval 1 day)::DATE end)`;
  return filters.from ? sql<string | null>`(case when ${onOrBefore} >= ${filters.from}::DATE then ${onOrBefore} end)` : onOrBefore;
}
