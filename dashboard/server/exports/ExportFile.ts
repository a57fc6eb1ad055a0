import type { Filters } from '../../../models/indicators/Filters.ts';
import type { QueryResult } from '../runQuery.ts';

export const exportFormats = ['csv', 'xlsx', 'parquet', 'arrow'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** What was exported, written into the file where the format allows (the XLSX "About" sheet). */
export interface ExportDescription {
  name: string;
  title: string;
  filters: Filters;
  params: Record<string, string | undefined>;
  extractedOn: string | null;
  exportedAt: Date;
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  extension: string;
}

export type ExportWriter = (result: QueryResult, about: ExportDescription) => Promise<ExportFile>;
