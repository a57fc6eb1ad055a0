// The figures that answer each computed metric of the logic models (seed logic_models,
// indicators.md section 5): what each counts, and how its facts aggregate. The fact models
// (int_logic_model_*_facts, mart_logic_model_facts) emit one row per fact; the indicator
// logicModel aggregates them under any filter, so a median or a distinct count is always
// recomputed from the rows, never added up from months or localities.
import { sql } from 'kysely';

/**
 * - count: distinct units (unit_id) in the group and category;
 * - sum: sum of value (area measures, already counts);
 * - median: median of value; denominator = facts;
 * - mean: sum of value / facts (numerator, denominator);
 * - per_unit: sum of value in the category / distinct units of the figure across its
 *   categories (contacts per episode by channel: every closed episode is in the
 *   denominator of every channel);
 * - share: percent of the figure's units in the category, each unit counted once, at its
 *   latest fact in the group (unit_seq, then fact_on).
 */
export type Aggregation = 'count' | 'sum' | 'median' | 'mean' | 'per_unit' | 'share';

/**
 * A stock is counted at a point in time, so over several months it is its value at the
 * last of them, never the months added up (nor the units counted at any of them):
 * - month_end: the fact model dates a fact for every unit at every month end (the extract
 *   date in the current month), so a month end without facts is a true zero: the value is
 *   the one at the last month end in the period;
 * - latest_return: a partner's monthly return (area measures, dated the first of their
 *   month), where a month without a row is a return not made: the value is the one of the
 *   latest month in the period that has a return.
 * Flows (referrals, offences, ...) have none and add up over months.
 */
export type Stock = 'month_end' | 'latest_return';

export interface Figure {
  metric: string;
  label: string;
  aggregation: Aggregation;
  /** What category holds, when the figure is broken down. */
  category?: string;
  /** Set for a figure counted at a point in time (see Stock). */
  stock?: Stock;
}

export const figures = {
  referrals: { metric: 'referral_flow', label: 'Referrals received', aggregation: 'count', category: 'referral source (unknown when not recorded)' },
  assessments: { metric: 'referral_flow', label: 'Assessments completed', aggregation: 'count', category: 'assessment type' },
  allocations: { metric: 'referral_flow', label: 'Episodes allocated', aggregation: 'count' },
  days_referral_to_decision: { metric: 'response_times', label: 'Median days from referral to the manager decision', aggregation: 'median' },
  days_referral_to_allocation: { metric: 'response_times', label: 'Median days from referral to allocation', aggregation: 'median' },
  days_allocation_to_first_contact: { metric: 'response_times', label: 'Median days from allocation to the first contact', aggregation: 'median' },
  open_episodes: { metric: 'engagement', label: 'Episodes open at the month end', aggregation: 'count', stock: 'month_end' },
  episode_length_days: { metric: 'engagement', label: 'Median days from allocation to closing, of the episodes closed', aggregation: 'median' },
  contacts_per_episode: {
    metric: 'engagement',
    label: 'Contacts per closed episode',
    aggregation: 'per_unit',
    category: 'contact channel, or all',
  },
  risk_trajectory: {
    metric: 'risk_trajectory',
    label: 'Young people whose exploitation risk tier is lower, the same or higher than at their first screening',
    aggregation: 'share',
    category: 'lowered, same or raised',
  },
  onward_referrals: { metric: 'onward_referrals', label: 'Referrals to social care and CAMHS during involvement', aggregation: 'count', category: 'event type' },
  eet_trajectory: {
    metric: 'eet_trajectory',
    label: 'Young people by first and latest education, employment or training status',
    aggregation: 'share',
    category: 'first_to_latest status (eet, neet, unknown)',
  },
  feedback_rating: { metric: 'family_feedback', label: 'Mean family feedback rating (1-5)', aggregation: 'mean' },
  distance_travelled_pairs: {
    metric: 'distance_travelled',
    label: 'Distance-travelled pairs improved, the same or worse (latest reading against the baseline)',
    aggregation: 'share',
    category: 'improved, same or worse',
  },
  workforce_trained: { metric: 'workforce_trained', label: 'Workforce trained (area measure)', aggregation: 'sum' },
  community_initiatives: { metric: 'community_initiatives', label: 'Community initiatives (area measure)', aggregation: 'sum' },
  detached_contacts: { metric: 'community_initiatives', label: 'Detached youth work contacts (area measure)', aggregation: 'sum' },
  group_sessions_attended: { metric: 'group_sessions', label: 'Group sessions attended', aggregation: 'count', category: 'programme' },
  group_session_attendance: {
    metric: 'group_sessions',
    label: 'Group session places attended',
    aggregation: 'share',
    category: 'attended or not_attended',
  },
  exploitation_screenings: { metric: 'exploitation_screenings', label: 'Exploitation screenings', aggregation: 'count', category: 'risk tier' },
  risk_screenings_reported: { metric: 'exploitation_screenings', label: 'Risk screenings reported by partners (area measure)', aggregation: 'sum' },
  missing_episodes: { metric: 'missing_episodes', label: 'Missing episodes', aggregation: 'count', category: 'from_home or from_care' },
  young_people_missing: { metric: 'missing_episodes', label: 'Young people with a missing episode', aggregation: 'count' },
  offences: { metric: 'offending', label: 'Offences', aggregation: 'count', category: 'offence group' },
  young_people_offending: { metric: 'offending', label: 'Young people with an offence', aggregation: 'count' },
  // Not the youth justice figure of the same name (section 7, youthJustice.ts), which counts
  // every young person of the area: the label says so, as both show on the Logic model page.
  first_time_entrants: {
    metric: 'criminal_justice_contacts',
    label: 'First time entrants in the cohort (young people in episodes of the selected services whose first out-of-court disposal or court outcome ever, aged 10-17, fell while they were involved)',
    aggregation: 'count',
  },
  repeat_contacts: {
    metric: 'criminal_justice_contacts',
    label: "Repeat criminal justice contacts (disposals after a person's first)",
    aggregation: 'count',
    category: 'out_of_court_disposal or court_outcome',
  },
  serious_offences: {
    metric: 'serious_offences',
    label: 'Violence, possession with intent to supply and knife possession offences',
    aggregation: 'count',
    category: 'violence, drugs_pwits or knife_possession',
  },
  // Lines known to be running in the month, not lines newly found: a year's returns do not add up.
  county_lines_known: { metric: 'county_lines_known', label: 'County lines known (area measure)', aggregation: 'sum', stock: 'latest_return' },
  asb_incidents: { metric: 'asb_incidents', label: 'Anti-social behaviour incidents', aggregation: 'count', category: 'level' },
  yos_episodes_started: { metric: 'yos_involvement', label: 'Youth offending service episodes started for young people in the cohort', aggregation: 'count' },
  social_care_referrals: { metric: 'social_care_referrals', label: 'Social care referrals', aggregation: 'count' },
  social_care_starts: {
    metric: 'cin_cp_lac_starts',
    label: 'Child in need, child protection and looked-after starts',
    aggregation: 'count',
    category: 'event type',
  },
  camhs_referrals: { metric: 'camhs_referrals', label: 'CAMHS referrals', aggregation: 'count' },
  exclusions: { metric: 'school_inclusion', label: 'School exclusions', aggregation: 'count', category: 'suspension or permanent' },
  attendance_pct: { metric: 'school_inclusion', label: 'Mean school attendance (percent, termly returns)', aggregation: 'mean' },
} as const satisfies Record<string, Figure>;

export type FigureName = keyof typeof figures;

/** A figure's name as a SQL literal; the type checks it is in the catalogue. */
export const figure = (name: FigureName) => sql.lit(name);

/** Area measure codes (area_measures.measure) that answer a figure; other codes belong to no logic model. */
export const areaMeasureFigures: Record<string, FigureName> = {
  county_lines_known: 'county_lines_known',
  workforce_trained: 'workforce_trained',
  community_initiatives: 'community_initiatives',
  detached_contacts: 'detached_contacts',
  risk_screenings: 'risk_screenings_reported',
};

/**
 * The catalogue as a SQL VALUES list (figure, metric, figure_label, aggregation, stock: null
 * for a flow), for joins; `only` keeps those figures.
 */
export const figureValues = (only?: readonly FigureName[]) =>
  sql`(select * from (values ${sql.join(
    Object.entries(figures).filter(([name]) => !only || only.includes(name as FigureName)).map(
      ([name, f]: [string, Figure]) =>
        sql`(${sql.lit(name)}, ${sql.lit(f.metric)}, ${sql.lit(f.label)}, ${sql.lit(f.aggregation)}, ${f.stock ? sql.lit(f.stock) : sql`null::VARCHAR`})`,
    ),
  )}) as v(figure, metric, figure_label, aggregation, stock))`;

/** The figures broken down into categories that add up (counts and sums): what logic_model_category_total totals. */
export const categorisedTotals: FigureName[] = (Object.entries(figures) as [FigureName, Figure][])
  .filter(([, f]) => f.category !== undefined && (f.aggregation === 'count' || f.aggregation === 'sum'))
  .map(([name]) => name);

/** The stock figures of a kind (see Stock). */
export const stockFigures = (kind: Stock): FigureName[] =>
  (Object.entries(figures) as [FigureName, Figure][]).filter(([, f]) => f.stock === kind).map(([name]) => name);

/** Columns every logic-model fact row has, with what they mean. */
export const factColumns: Record<string, string> = {
  metric: 'Computed metric the fact answers (seed_logic_models.metric)',
  figure: 'Figure of the metric (models/indicators/logicModelFigures.ts)',
  category: 'Breakdown within the figure (referral source, channel, tier, ...); null when none',
  fact_on: 'Date the fact falls on; the period filter and the month apply to it',
  fact_id: 'The underlying fact (event, episode, episode and channel, ...): one fact attributed to two episodes of a group counts once',
  unit_id: 'What the figure counts (event, episode, person, ...)',
  unit_seq: "Order of the fact among its unit's facts of the figure, for share figures where a unit counts once at its latest fact; else null",
  value: 'Number aggregated: days for medians, a rating or percent for means, a count for per-unit figures; null for counts and shares',
  episode_id: 'Episode the fact is attributed to (null for area measures)',
  person_id: 'Young person the fact is about; null for family-level episodes and area measures',
  family_id: 'Family; null for area measures',
  service: "The attributed episode's service; null for area measures",
  team: "The attributed episode's team",
  locality: "The attributed episode's locality; for area measures the measure's, null meaning the whole authority",
};

/** Where a fact comes from, as SQL expressions over the query's aliases. */
export interface FactParts {
  category?: string;
  factOn: string;
  factId: string;
  unitId: string;
  unitSeq?: string;
  value?: string;
  /** Alias of a row with episode_id, subject_person_id, family_id, service, team and locality (int_episodes). */
  episode?: string;
  /** Alias of an int_cohort_windows row (person-level facts). */
  window?: string;
}

/**
 * The select list of one fact row of figure `name`, in the order of factColumns and with
 * fixed types, so the branches of a fact model union cleanly.
 */
export function factRow(name: FigureName, p: FactParts) {
  const raw = (s: string | undefined) => sql.raw(s ?? 'null');
  const at = p.episode ?? p.window;
  if (!at) throw new Error(`fact ${name} needs an episode or a cohort window`);
  const person = p.episode ? `${at}.subject_person_id` : `${at}.person_id`;
  return [
    sql.lit(figures[name].metric).as('metric'),
    figure(name).as('figure'),
    sql<string | null>`${raw(p.category)}::VARCHAR`.as('category'),
    sql<string>`${raw(p.factOn)}::DATE`.as('fact_on'),
    sql<string>`${raw(p.factId)}::VARCHAR`.as('fact_id'),
    sql<string>`${raw(p.unitId)}::VARCHAR`.as('unit_id'),
    sql<number | null>`${raw(p.unitSeq)}::INTEGER`.as('unit_seq'),
    sql<number | null>`${raw(p.value)}::DOUBLE`.as('value'),
    sql<string>`${sql.raw(`${at}.episode_id`)}`.as('episode_id'),
    sql<string | null>`${sql.raw(person)}`.as('person_id'),
    sql<string>`${sql.raw(`${at}.family_id`)}`.as('family_id'),
    sql<string>`${sql.raw(`${at}.service`)}`.as('service'),
    sql<string | null>`${sql.raw(`${at}.team`)}`.as('team'),
    sql<string>`${sql.raw(`${at}.locality`)}`.as('locality'),
  ];
}
