// Disclosure control descriptions of the registered indicators (indicatorRegistry.ts),
// by name: which columns are counts, which are rates over which denominator (and which
// count they would give back), and which counts add up to a total. The commissioner's
// answers are suppressed from these (indicators.md 7a). An indicator without one is not
// shown to aggregate-only roles at all; a test checks every registered indicator has one
// that accounts for every numeric column it returns on the sample database.
import type { Disclosure, RateMeasure } from './Disclosure.ts';

const over = (denominator: string, numerator?: string): RateMeasure => ({ denominator, numerator });
const allOver = (denominator: string, columns: string[]): Record<string, RateMeasure> =>
  Object.fromEntries(columns.map((c) => [c, over(denominator)]));

export const indicatorDisclosure: Record<string, Disclosure> = {
  episode_status: {
    counts: ['episodes', 'group_episodes'],
    rates: { pct_of_group: over('group_episodes', 'episodes') },
  },
  referrals_by_month: {
    counts: ['referrals', 'allocated', 'not_allocated', 'waiting'],
    rates: { pct_allocated: over('referrals', 'allocated') },
    rowTotals: [['allocated', 'not_allocated', 'waiting']],
  },
  open_episodes: {
    counts: ['open_episodes', 'open_over_9_months', 'open_over_12_months', 'waiting_episodes'],
    rates: {
      pct_open_over_9_months: over('open_episodes', 'open_over_9_months'),
      pct_open_over_12_months: over('open_episodes', 'open_over_12_months'),
      median_days_open: over('open_episodes'),
      mean_days_open: over('open_episodes'),
      median_days_waiting: over('waiting_episodes'),
    },
  },
  days_open_bands: {
    counts: ['open_episodes', 'service_open_episodes'],
    rates: { pct_of_service: over('service_open_episodes', 'open_episodes') },
    labels: ['band_position'],
  },
  practice_compliance: {
    counts: ['met', 'late', 'missed', 'pending', 'not_applicable', 'due'],
    rates: { compliance_pct: over('due', 'met') },
    rowTotals: [['met', 'late', 'missed']],
  },
  waiting_list: {
    counts: ['waiting', 'reviews_overdue'],
    // The longest wait of a few is as telling as a count of them.
    rates: allOver('waiting', ['total_days_waiting', 'mean_days_waiting', 'median_days_waiting', 'max_days_waiting']),
  },
  caseload_summary: {
    counts: ['workers', 'open_cases', 'open_episodes', 'workers_over_limit'],
    // Figures of a team of one or two workers are those workers' own.
    rates: allOver('workers', ['fte', 'caseload_limit', 'pct_of_limit', 'mean_open_cases']),
  },
  supporting_families_summary: {
    counts: [
      'families',
      'families_with_live_needs',
      'eligible_families',
      'eligible_live_needs',
      'eligible_needs_met',
      'eligible_needs_sustained',
      'families_all_met',
      'families_all_sustained',
      'eligible_closed_families',
      'successful_outcomes',
      'nearly_there',
    ],
    rates: {
      pct_needs_met: over('eligible_live_needs', 'eligible_needs_met'),
      pct_needs_sustained: over('eligible_live_needs', 'eligible_needs_sustained'),
      pct_successful: over('eligible_families', 'successful_outcomes'),
      pct_successful_of_closed: over('eligible_closed_families', 'successful_outcomes'),
      pct_nearly_there: over('eligible_families', 'nearly_there'),
    },
  },
  supporting_families_by_headline: {
    counts: ['families', 'families_all_met', 'families_all_sustained', 'live_needs', 'needs_met', 'needs_sustained'],
    rates: { pct_all_met: over('families', 'families_all_met'), pct_all_sustained: over('families', 'families_all_sustained') },
    labels: ['position'],
    // A family with needs under several headlines is counted under each.
    notAdditive: ['headline', 'label'],
  },
  supporting_families_trend: {
    counts: ['eligible_families', 'successful_outcomes'],
  },
  distance_travelled: {
    counts: ['n_pairs', 'n_improved', 'n_same', 'n_worse', 'n_with_stage', 'n_stage_up', 'n_with_reliable_threshold', 'n_reliable'],
    rates: {
      ...allOver('n_pairs', [
        'mean_baseline',
        'mean_latest',
        'mean_improvement',
        'median_improvement',
        'sd_improvement',
        'ci95_low',
        'ci95_high',
        'effect_size',
        'sum_baseline',
        'sum_latest',
        'sum_improvement',
        'sum_sq_improvement',
        // t depends on n only: shown, it would give n back.
        't_critical',
      ]),
      pct_improved: over('n_pairs', 'n_improved'),
      pct_same: over('n_pairs', 'n_same'),
      pct_worse: over('n_pairs', 'n_worse'),
      pct_stage_up: over('n_with_stage', 'n_stage_up'),
      pct_reliable_improvement: over('n_with_reliable_threshold', 'n_reliable'),
    },
    rowTotals: [['n_improved', 'n_same', 'n_worse']],
    // One subject has a pair in every area of a tool.
    notAdditive: ['tool', 'edition', 'area'],
  },
  stage_transitions: {
    counts: ['n_subjects', 'n_pairs', 'n_baseline_stage'],
    rates: { pct_of_baseline_stage: over('n_baseline_stage', 'n_subjects') },
    labels: ['baseline_stage_rank', 'latest_stage_rank'],
    notAdditive: ['tool', 'edition', 'area'],
  },
  baseline_stage_profile: {
    counts: ['n_subjects', 'n_pairs'],
    rates: { pct_subjects: over('n_pairs', 'n_subjects') },
    labels: ['stage_rank'],
    notAdditive: ['tool', 'edition', 'area'],
  },
  gcp2_high_to_low: {
    counts: ['n_pairs', 'n_high_at_baseline', 'n_high_to_low'],
    rates: { pct_high_to_low: over('n_high_at_baseline', 'n_high_to_low') },
    notAdditive: ['tool', 'edition', 'area'],
  },
  family_circle_closure_routes: {
    counts: ['n_closures', 'n_outcomes_met_closures'],
    rates: { pct_of_outcomes_met_closures: over('n_outcomes_met_closures', 'n_closures') },
  },
  logic_model: {
    // Long format: `value` is a count on count and sum rows, and a share, mean, median or
    // rate per unit over `denominator` on the others.
    counts: ['numerator', 'denominator'],
    labels: ['measure_position'],
    byRow: { column: 'value', kind: (row) => (row.aggregation === 'count' || row.aggregation === 'sum' ? 'count' : 'rate'), rate: over('denominator', 'numerator') },
    // One figure is listed under every measure that uses it: suppress it once.
    identity: ['metric', 'figure', 'aggregation', 'category', 'period', 'locality', 'service'],
    notAdditive: ['metric', 'figure', 'aggregation'],
  },
  youth_justice: {
    counts: ['first_time_entrants', 'reoffending_cohort', 'reoffenders', 'reoffences', 'court_outcomes', 'custody_sentences', 'orders_ended', 'suitable_ete', 'send', 'looked_after'],
    rates: {
      fte_rate_per_10000: over('population_10_to_17', 'first_time_entrants'),
      reoffending_rate_pct: over('reoffending_cohort', 'reoffenders'),
      reoffences_per_offender: over('reoffending_cohort', 'reoffences'),
      reoffences_per_reoffender: over('reoffenders', 'reoffences'),
      custody_pct: over('court_outcomes', 'custody_sentences'),
      suitable_ete_pct: over('orders_ended', 'suitable_ete'),
      send_pct: over('orders_ended', 'send'),
      looked_after_pct: over('orders_ended', 'looked_after'),
    },
    // The configured population of the area, not data about people.
    labels: ['population_10_to_17'],
    // FTEs, cohorts and orders are different groups of young people in one row.
    notAdditive: ['reoffending_follow_up_complete'],
  },
  pre_post_summary: {
    counts: ['people', 'people_any_before', 'people_any_after'],
    rates: {
      pct_any_before: over('people', 'people_any_before'),
      pct_any_after: over('people', 'people_any_after'),
      ...allOver('people', [
        'sum_before',
        'sum_after',
        'mean_before',
        'mean_after',
        'sum_change',
        'sum_sq_change',
        'mean_change',
        'sd_change',
        't975',
        'ci95_low',
        'ci95_high',
        'did',
        'did_se',
        'did_df',
        'did_t975',
        'did_ci95_low',
        'did_ci95_high',
      ]),
    },
    notAdditive: ['unit'],
  },
};
