import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Database } from '../../../../pipeline/db/database.ts';

export type ExportRow = Record<string, unknown>;

/** Rows of an Arrow IPC body, as plain objects. */
export const arrowRows = (body: Uint8Array): ExportRow[] => tableFromIPC(body).toArray().map((r) => r.toJSON() as ExportRow);

/**
 * An export file's rows, read with that format's own reader (what an analyst's tool would
 * see). Parquet is written to `scratchDir` and read back by DuckDB.
 */
export async function readExport(format: string, body: Buffer, scratchDir: string): Promise<ExportRow[]> {
  if (format === 'csv') return parse(body.toString('utf8'), { columns: true, bom: true }) as ExportRow[];
  if (format === 'arrow') return arrowRows(body);
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Data')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: ExportRow[] = [];
    sheet.eachRow((row, i) => {
      if (i > 1) rows.push(Object.fromEntries(header.map((h, j) => [h, (row.values as unknown[])[j + 1] ?? null])));
    });
    return rows;
  }
  if (format !== 'parquet') throw new Error(`no reader for export format ${format}`);
  const file = join(scratchDir, `read-${process.hrtime.bigint()}.parquet`);
  writeFileSync(file, body);
  const db = await Database.open();
  try {
    return await db.all(`SELECT * FROM read_parquet('${file}')`);
  } finally {
    db.close();
  }
}
