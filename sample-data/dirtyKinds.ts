// Every kind of bad row the validator must reject (spec/data-contract.md, "Validation
// and rejects"), each made from a clean row by changing exactly ONE thing, and given a
// fresh key (except duplicate_key) so no other row depends on it and nothing cascades.
// A defect in a key column is unique by construction (MISSING-N7, a fresh area under a
// fresh assessment_id), so no bad row also repeats another's key.
import { fileSpec, type FileName } from '../pipeline/contract/contract.ts';
import { eventDetailCodes, eventValueRanges, partnerEventTypes, practiceEventTypes, toolAreas } from '../pipeline/contract/codes.ts';
import { addMonths, dayString, toDay } from './days.ts';
import type { Row } from './RowWriter.ts';

export type ReasonClass =
  | 'missing_required'
  | 'bad_date'
  | 'bad_int'
  | 'bad_decimal'
  | 'bad_bool'
  | 'bad_month'
  | 'bad_timestamp'
  | 'code_not_in_list'
  | 'detail_not_in_list'
  | 'allocated_before_referral'
  | 'closed_before_referral'
  | 'closed_without_reason'
  | 'occurred_before_2000'
  | 'occurred_after_extract'
  | 'foreign_key_not_found'
  | 'score_out_of_scale'
  | 'area_not_of_tool'
  | 'value_out_of_range'
  | 'duplicate_key'
  | 'practice_event_without_episode'
  | 'partner_event_without_person';

export interface DirtyContext {
  /** A counter that makes fresh ids unique. */
  n: number;
  /** extracted_on. */
  today: string;
  /** Picks one of a few spellings of the same defect. */
  pick<T>(xs: readonly T[]): T;
}

export interface DirtyKind {
  file: FileName;
  reason: ReasonClass;
  /** The column the reject is about. */
  column: string;
  /** Whether a clean row can serve as the template (default: any row). */
  applies?: (row: Row) => boolean;
  /** The bad row's changes to the template, fresh key excluded. */
  change: (row: Row, c: DirtyContext) => Row;
}

const practice = new Set<string>(practiceEventTypes);
const partner = new Set<string>(partnerEventTypes);
const scaleOf = new Map(toolAreas.map((t) => [t.tool, t]));
const areasByTool = new Map<string, Set<string>>();
for (const t of toolAreas) areasByTool.set(t.tool, new Set([...(areasByTool.get(t.tool) ?? []), t.area]));
const allAreas = [...new Set(toolAreas.map((t) => t.area))];

const set = (column: string, values: readonly (string | null)[]) => (_: Row, c: DirtyContext) => ({ [column]: c.pick(values) });
const isSet = (column: string) => (row: Row) => row[column] !== null && row[column] !== undefined && row[column] !== '';
const daysBefore = (iso: unknown, n: number) => dayString(toDay(String(iso)) - n);

const badDates = ['2024-02-30', '30/01/2024', '2024-13-01', 'next tuesday'];

export const dirtyKinds: readonly DirtyKind[] = [
  { file: 'families', reason: 'missing_required', column: 'locality', change: set('locality', [null]) },
  { file: 'families', reason: 'bad_int', column: 'imd_decile', change: set('imd_decile', ['three', '4.5']) },
  { file: 'families', reason: 'value_out_of_range', column: 'imd_decile', change: set('imd_decile', ['0', '11']) },

  { file: 'people', reason: 'missing_required', column: 'role', change: set('role', [null]) },
  { file: 'people', reason: 'code_not_in_list', column: 'role', change: set('role', ['uncle', 'lodger']) },
  { file: 'people', reason: 'bad_month', column: 'birth_month', change: set('birth_month', ['2012-13', 'March 2012', '2012/03']) },
  { file: 'people', reason: 'bad_bool', column: 'send', change: set('send', ['maybe', 'tbc']) },
  { file: 'people', reason: 'foreign_key_not_found', column: 'family_id', change: (_, c) => ({ family_id: `MISSING-F${c.n}` }) },

  { file: 'workers', reason: 'missing_required', column: 'team', change: set('team', [null]) },
  { file: 'workers', reason: 'code_not_in_list', column: 'service', change: set('service', ['XYZ']) },
  { file: 'workers', reason: 'bad_decimal', column: 'fte', change: set('fte', ['full', '0,5']) },
  { file: 'workers', reason: 'value_out_of_range', column: 'fte', change: set('fte', ['1.5', '-0.2']) },
  { file: 'workers', reason: 'bad_int', column: 'caseload_limit', change: set('caseload_limit', ['twelve', '10.5']) },

  { file: 'episodes', reason: 'missing_required', column: 'referral_on', change: set('referral_on', [null]) },
  { file: 'episodes', reason: 'code_not_in_list', column: 'service', change: set('service', ['XYZ']) },
  { file: 'episodes', reason: 'code_not_in_list', column: 'closure_reason', applies: isSet('closure_reason'), change: set('closure_reason', ['finished']) },
  { file: 'episodes', reason: 'bad_date', column: 'decision_on', change: set('decision_on', badDates) },
  { file: 'episodes', reason: 'bad_bool', column: 'lead_practitioner', change: set('lead_practitioner', ['sometimes']) },
  {
    file: 'episodes', reason: 'allocated_before_referral', column: 'allocated_on', applies: isSet('allocated_on'),
    change: (row, c) => ({ allocated_on: daysBefore(row.referral_on, c.pick([1, 5, 30])) }),
  },
  {
    file: 'episodes', reason: 'closed_before_referral', column: 'closed_on', applies: isSet('closed_on'),
    change: (row, c) => ({ closed_on: daysBefore(row.referral_on, c.pick([1, 7, 60])) }),
  },
  { file: 'episodes', reason: 'closed_without_reason', column: 'closure_reason', applies: isSet('closed_on'), change: set('closure_reason', [null]) },
  { file: 'episodes', reason: 'foreign_key_not_found', column: 'family_id', change: (_, c) => ({ family_id: `MISSING-F${c.n}` }) },

  { file: 'events', reason: 'missing_required', column: 'occurred_at', change: set('occurred_at', [null]) },
  { file: 'events', reason: 'code_not_in_list', column: 'event_type', change: set('event_type', ['teleport']) },
  { file: 'events', reason: 'code_not_in_list', column: 'source', change: set('source', ['fax', 'carrier_pigeon']) },
  {
    file: 'events', reason: 'detail_not_in_list', column: 'detail', applies: (row) => eventDetailCodes[String(row.event_type)] !== undefined,
    change: set('detail', ['carrier_pigeon', 'unknown_channel']),
  },
  {
    file: 'events', reason: 'value_out_of_range', column: 'value', applies: (row) => eventValueRanges[String(row.event_type)] !== undefined,
    change: (row) => ({ value: String(eventValueRanges[String(row.event_type)]!.max + 2) }),
  },
  { file: 'events', reason: 'bad_timestamp', column: 'occurred_at', change: set('occurred_at', ['2024-03-07T25:61:00', 'yesterday', '07/03/2024 10:00']) },
  { file: 'events', reason: 'bad_decimal', column: 'value', change: set('value', ['n/a', 'ten']) },
  { file: 'events', reason: 'occurred_before_2000', column: 'occurred_at', change: set('occurred_at', ['1999-12-31T10:00:00', '1970-01-01']) },
  {
    file: 'events', reason: 'occurred_after_extract', column: 'occurred_at',
    change: (_, c) => ({ occurred_at: `${dayString(toDay(c.today) + c.pick([1, 30, 400]))}T10:00:00` }),
  },
  {
    file: 'events', reason: 'foreign_key_not_found', column: 'episode_id', applies: isSet('episode_id'),
    change: (_, c) => ({ episode_id: `MISSING-E${c.n}` }),
  },
  {
    file: 'events', reason: 'foreign_key_not_found', column: 'person_id', applies: isSet('person_id'),
    change: (_, c) => ({ person_id: `MISSING-P${c.n}` }),
  },
  {
    file: 'events', reason: 'practice_event_without_episode', column: 'episode_id', applies: (row) => practice.has(String(row.event_type)),
    change: set('episode_id', [null]),
  },
  {
    file: 'events', reason: 'partner_event_without_person', column: 'person_id', applies: (row) => partner.has(String(row.event_type)),
    change: set('person_id', [null]),
  },

  { file: 'assessments', reason: 'missing_required', column: 'score', change: set('score', [null]) },
  { file: 'assessments', reason: 'code_not_in_list', column: 'completed_by', change: set('completed_by', ['robot']) },
  { file: 'assessments', reason: 'bad_decimal', column: 'score', change: set('score', ['seven', '5/10']) },
  { file: 'assessments', reason: 'bad_date', column: 'assessed_on', change: set('assessed_on', badDates) },
  { file: 'assessments', reason: 'bad_bool', column: 'retrospective', change: set('retrospective', ['perhaps']) },
  {
    file: 'assessments', reason: 'score_out_of_scale', column: 'score',
    change: (row, c) => {
      const t = scaleOf.get(String(row.tool))!;
      return { score: String(c.pick([t.scale_max + 1, t.scale_min - 1, t.scale_max + 10])) };
    },
  },
  {
    file: 'assessments', reason: 'area_not_of_tool', column: 'area',
    change: (row, c) => ({ area: c.pick(allAreas.filter((a) => !areasByTool.get(String(row.tool))!.has(a))) }),
  },
  { file: 'assessments', reason: 'foreign_key_not_found', column: 'episode_id', change: (_, c) => ({ episode_id: `MISSING-E${c.n}` }) },

  { file: 'family_needs', reason: 'missing_required', column: 'headline', change: set('headline', [null]) },
  { file: 'family_needs', reason: 'code_not_in_list', column: 'headline', change: set('headline', ['PETS']) },
  { file: 'family_needs', reason: 'bad_date', column: 'identified_on', change: set('identified_on', badDates) },
  { file: 'family_needs', reason: 'foreign_key_not_found', column: 'family_id', change: (_, c) => ({ family_id: `MISSING-F${c.n}` }) },

  { file: 'need_reviews', reason: 'missing_required', column: 'status', change: set('status', [null]) },
  { file: 'need_reviews', reason: 'code_not_in_list', column: 'status', change: set('status', ['great']) },
  { file: 'need_reviews', reason: 'foreign_key_not_found', column: 'need_id', change: (_, c) => ({ need_id: `MISSING-N${c.n}` }) },

  { file: 'area_measures', reason: 'missing_required', column: 'value', change: set('value', [null]) },
  { file: 'area_measures', reason: 'bad_decimal', column: 'value', change: set('value', ['lots']) },

  ...(['families', 'people', 'workers', 'episodes', 'events', 'assessments', 'family_needs', 'need_reviews', 'area_measures'] as const).map(
    (file): DirtyKind => ({ file, reason: 'duplicate_key', column: fileSpec(file).primaryKey[0], change: () => ({}) }),
  ),
];

/**
 * A key no clean row has, unless the change itself sets a key column. Single-column keys
 * get a `D`-prefixed id; composite keys move a date or month to where the generator
 * writes nothing (days before a review that is weeks from the next; ten years back);
 * `reuse` counts earlier bad rows made from the same template.
 */
export function freshKey(file: FileName, row: Row, changed: Row, n: number, reuse: number): Row {
  switch (file) {
    case 'families':
      return { family_id: `DF${n}` };
    case 'people':
      return { person_id: `DP${n}` };
    case 'workers':
      return { worker_id: `DW${n}` };
    case 'episodes':
      return { episode_id: `DE${n}` };
    case 'events':
      return { event_id: `DEV${n}` };
    case 'assessments':
      return { assessment_id: `DA${n}` };
    case 'family_needs':
      return { need_id: `DN${n}` };
    case 'need_reviews':
      // Clean reviews of one need are at least 20 days apart.
      return 'need_id' in changed ? {} : { reviewed_on: daysBefore(row.reviewed_on, 1 + reuse) };
    case 'area_measures':
      return { period: dayString(addMonths(toDay(`${row.period}-01`), -120 - reuse)).slice(0, 7) };
  }
}
