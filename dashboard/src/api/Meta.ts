import type { FilterKey } from '../state/filterSearch.ts';

/** GET /api/meta (the API contract). */
export interface Meta {
  extractedOn: string | null;
  authority: string | null;
  dataVersion?: string;
  filters: Record<'service' | 'locality' | 'team' | 'ageBand' | 'sex' | 'ethnicity', string[]>;
  periods: Period[];
  indicators: EntryInfo[];
  drills: EntryInfo[];
  exports: string[];
  exportFormats?: string[];
}

export interface Period {
  id: string;
  label: string;
  kind?: 'all' | 'year' | 'quarter' | 'month';
  /** null for "all time". */
  from: string | null;
  to: string | null;
}

/** An indicator or a drill-down: what it is and which filters and parameters it takes. */
export interface EntryInfo {
  name: string;
  title: string;
  page: string;
  description: string;
  /** Filter keys the entry accepts ('period', 'service', ...). */
  filters: FilterKey[];
  params?: { name: string; description: string; values?: readonly string[]; default?: string }[];
}

/** An indicator is an entry like any other. */
export type IndicatorInfo = EntryInfo;
