import { toArrowFile } from '../toArrow.ts';
import type { ExportWriter } from './ExportFile.ts';

/** Arrow IPC file (random access; pyarrow, R arrow, DuckDB and apache-arrow read it). Types as in toArrow.ts. */
export const writeArrow: ExportWriter = async (result) => ({
  body: Buffer.from(toArrowFile(result)),
  contentType: 'application/vnd.apache.arrow.file',
  extension: 'arrow',
});
