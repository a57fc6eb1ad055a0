// The input data contract (spec/data-contract.md) as data. The validator, the loader,
// the sample generator and the staging models all read it from here, so a column or
// code added to the contract is added once.
import { codes } from './codes.ts';

export type ColumnType =
  | 'text' // opaque identifier or free text
  | 'code' // one of `codes`, matched case-insensitively after trimming
  | 'int'
  | 'decimal'
  | 'date' // ISO 8601 date
  | 'timestamp' // ISO 8601 timestamp or date; no zone means Europe/London; stored as London local time
  | 'bool' // true/false, yes/no, y/n, 1/0
  | 'month'; // YYYY-MM

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** Allowed codes for type 'code'. */
  codes?: readonly string[];
  /** Inclusive numeric range for int/decimal. */
  min?: number;
  max?: number;
  description: string;
}

export interface ForeignKey {
  column: string;
  references: { file: FileName; column: string };
}

export type FileName =
  | 'families'
  | 'people'
  | 'workers'
  | 'episodes'
  | 'events'
  | 'assessments'
  | 'family_needs'
  | 'need_reviews'
  | 'area_measures';

export interface FileSpec {
  name: FileName;
  required: boolean;
  /** Columns that identify a row; a repeat within one extract is a reject, across extracts an upsert. */
  primaryKey: string[];
  columns: ColumnSpec[];
  foreignKeys: ForeignKey[];
  description: string;
}

const c = (name: string, type: ColumnType, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  description,
  ...extra,
});
const req = { required: true } as const;

export const files: readonly FileSpec[] = [
  {
    name: 'families',
    required: true,
    primaryKey: ['family_id'],
    description: 'One row per family known to the services.',
    foreignKeys: [],
    columns: [
      c('family_id', 'text', 'Family identifier from the case system', req),
      c('locality', 'text', 'Locality; used for filtering and row-level access', req),
      c('district', 'text', 'District council or city'),
      c('imd_decile', 'int', 'Deprivation decile of the home area (1 = most deprived)', { min: 1, max: 10 }),
    ],
  },
  {
    name: 'people',
    required: true,
    primaryKey: ['person_id'],
    description: 'One row per family member.',
    foreignKeys: [{ column: 'family_id', references: { file: 'families', column: 'family_id' } }],
    columns: [
      c('person_id', 'text', 'Person identifier', req),
      c('family_id', 'text', 'The family the person belongs to', req),
      c('role', 'code', 'Role in the family', { ...req, codes: codes.role }),
      c('birth_month', 'month', 'Month of birth (first day of the month); needed for age bands'),
      c('sex', 'code', 'Sex', { codes: codes.sex }),
      c('ethnicity', 'code', 'Ethnicity, ONS 2021 five groups', { codes: codes.ethnicity }),
      c('send', 'bool', 'Special educational needs or disability'),
      c('looked_after', 'bool', 'Child looked after at any point in the extract period'),
    ],
  },
  {
    name: 'workers',
    required: false,
    primaryKey: ['worker_id'],
    description: 'Practitioners who hold cases.',
    foreignKeys: [],
    columns: [
      c('worker_id', 'text', 'Worker identifier', req),
      c('service', 'code', 'Service the worker belongs to', { ...req, codes: codes.service }),
      c('team', 'text', 'Team', req),
      c('locality', 'text', 'Locality the worker covers'),
      c('fte', 'decimal', 'Full-time equivalent (default 1)', { min: 0, max: 1 }),
      c('caseload_limit', 'int', 'Caseload limit (default from the service)', { min: 0 }),
    ],
  },
  {
    name: 'episodes',
    required: true,
    primaryKey: ['episode_id'],
    description: 'One episode of involvement of a service with a family or young person; a re-referral is a new episode.',
    foreignKeys: [
      { column: 'family_id', references: { file: 'families', column: 'family_id' } },
      { column: 'subject_person_id', references: { file: 'people', column: 'person_id' } },
    ],
    columns: [
      c('episode_id', 'text', 'Episode identifier', req),
      c('family_id', 'text', 'Family', req),
      c('subject_person_id', 'text', 'The young person, for YIT / TYSS / YOS episodes'),
      c('service', 'code', 'Service', { ...req, codes: codes.service }),
      c('team', 'text', 'Team'),
      c('locality', 'text', "Locality (defaults to the family's)"),
      c('referral_on', 'date', 'Request for support received', req),
      c('referral_source', 'code', 'Who referred', { codes: codes.referral_source }),
      c('decision', 'code', 'Manager decision on the referral', { codes: codes.decision }),
      c('decision_on', 'date', 'Date of the manager decision'),
      c('allocated_on', 'date', 'Date allocated to a practitioner'),
      c('worker_id', 'text', 'Allocated practitioner'),
      c('lead_practitioner', 'bool', 'The worker is lead professional of the TAF'),
      c('closed_on', 'date', 'Closure date; null while open'),
      c('closure_reason', 'code', 'Why the episode closed', { codes: codes.closure_reason }),
      c('order_type', 'code', 'YOS only: the order or disposal', { codes: codes.order_type }),
    ],
  },
  {
    name: 'events',
    required: true,
    primaryKey: ['event_id'],
    description: 'The case event log: practice events and partner events.',
    foreignKeys: [
      { column: 'episode_id', references: { file: 'episodes', column: 'episode_id' } },
      { column: 'family_id', references: { file: 'families', column: 'family_id' } },
      { column: 'person_id', references: { file: 'people', column: 'person_id' } },
    ],
    columns: [
      c('event_id', 'text', 'Event identifier; a repeat in a later extract replaces the earlier row', req),
      c('event_type', 'code', 'What happened', { ...req, codes: codes.event_type }),
      c('occurred_at', 'timestamp', 'When it happened (Europe/London when no zone is given)', req),
      c('episode_id', 'text', 'Episode; required for practice events'),
      c('family_id', 'text', 'Family; derived from the episode or person when missing'),
      c('person_id', 'text', 'Person; required for partner events'),
      c('worker_id', 'text', 'Worker who recorded it'),
      c('detail', 'text', 'Meaning depends on event_type'),
      c('value', 'decimal', 'Meaning depends on event_type'),
      c('source', 'code', 'Recording system (default case_system)', { codes: codes.source }),
    ],
  },
  {
    name: 'assessments',
    required: false,
    primaryKey: ['assessment_id', 'area'],
    description: 'Distance-travelled readings in long form: one row per outcome area per reading.',
    foreignKeys: [
      { column: 'episode_id', references: { file: 'episodes', column: 'episode_id' } },
      { column: 'person_id', references: { file: 'people', column: 'person_id' } },
    ],
    columns: [
      c('assessment_id', 'text', 'One reading (rows sharing it form the reading)', req),
      c('episode_id', 'text', 'Episode', req),
      c('person_id', 'text', 'Whose reading; null for family-level tools'),
      c('tool', 'code', 'Assessment tool', { ...req, codes: codes.tool }),
      c('edition', 'text', 'Tool edition; readings of different editions are not compared'),
      c('assessed_on', 'date', 'Date of the reading', req),
      c('completed_by', 'code', 'Who completed it', { codes: codes.completed_by }),
      c('retrospective', 'bool', 'Entered after the fact (default false)'),
      c('area', 'code', 'Outcome area of the tool', { ...req, codes: codes.area }),
      c('score', 'decimal', "Score within the tool's scale", req),
      c('progress', 'code', 'Family Circle only: progress judgement', { codes: codes.progress }),
    ],
  },
  {
    name: 'family_needs',
    required: false,
    primaryKey: ['need_id'],
    description: 'Supporting Families needs identified for a family.',
    foreignKeys: [
      { column: 'family_id', references: { file: 'families', column: 'family_id' } },
      { column: 'episode_id', references: { file: 'episodes', column: 'episode_id' } },
      { column: 'person_id', references: { file: 'people', column: 'person_id' } },
    ],
    columns: [
      c('need_id', 'text', 'Need identifier', req),
      c('family_id', 'text', 'Family', req),
      c('episode_id', 'text', 'Episode in which it was identified'),
      c('headline', 'code', 'Supporting Families headline outcome', { ...req, codes: codes.headline }),
      c('need_code', 'text', 'Local descriptor of the need'),
      c('identified_on', 'date', 'Date identified', req),
      c('person_id', 'text', 'The family member the need concerns'),
    ],
  },
  {
    name: 'need_reviews',
    required: false,
    primaryKey: ['need_id', 'reviewed_on'],
    description: 'Dated progress judgements on a need.',
    foreignKeys: [{ column: 'need_id', references: { file: 'family_needs', column: 'need_id' } }],
    columns: [
      c('need_id', 'text', 'Need', req),
      c('reviewed_on', 'date', 'Date of the review', req),
      c('status', 'code', 'Progress judgement', { ...req, codes: codes.review_status }),
      c('evidence', 'text', 'Source of the evidence'),
    ],
  },
  {
    name: 'area_measures',
    required: false,
    primaryKey: ['measure', 'period', 'locality'],
    description: 'Area-level monthly counts from partners not linked to a person.',
    foreignKeys: [],
    columns: [
      c('measure', 'text', 'Measure code, e.g. county_lines_known, risk_screenings, detached_contacts', req),
      c('period', 'month', 'Month (first day of the month)', req),
      c('locality', 'text', 'Locality; null means the whole authority'),
      c('value', 'decimal', 'Value', req),
    ],
  },
];

export const fileNames = files.map((f) => f.name);

export function fileSpec(name: FileName): FileSpec {
  const spec = files.find((f) => f.name === name);
  if (!spec) throw new Error(`unknown extract file ${name}`);
  return spec;
}

/** Files in an order where every foreign key points at a file loaded earlier. */
export const loadOrder: readonly FileName[] = [
  'families',
  'people',
  'workers',
  'episodes',
  'events',
  'assessments',
  'family_needs',
  'need_reviews',
  'area_measures',
];

/** The DuckDB type a contract type is stored as. */
export function sqlType(t: ColumnType): string {
  switch (t) {
    case 'int':
      return 'INTEGER';
    case 'decimal':
      return 'DOUBLE';
    case 'date':
    case 'month':
      return 'DATE';
    case 'timestamp':
      // Europe/London local time (the contract's reading of a timestamp without a zone).
      return 'TIMESTAMP';
    case 'bool':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}
