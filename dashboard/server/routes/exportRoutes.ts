import type { FastifyInstance } from 'fastify';
import { exportFormats, type ExportFormat, type ExportWriter } from '../exports/ExportFile.ts';
import { writeArrow } from '../exports/writeArrow.ts';
import { writeCsv } from '../exports/writeCsv.ts';
import { parquetWriter } from '../exports/writeParquet.ts';
import { writeXlsx } from '../exports/writeXlsx.ts';
import { HttpError, badRequest } from '../HttpError.ts';
import { routeKeys, type Query } from '../parseFilters.ts';
import { withScope, type ServerContext } from '../RequestContext.ts';
import { prepareEntry } from '../runEntry.ts';
import { runQuery } from '../runQuery.ts';

/**
 * GET /api/export/:name?format=csv|xlsx|parquet|arrow&<filters and parameters>: any
 * indicator or drill-down as a file, through the same definition and the same runQuery
 * as the page, so the file holds exactly the page's rows, identifiers pseudonymised.
 */
export function exportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const writers: Record<ExportFormat, ExportWriter> = {
    csv: writeCsv,
    xlsx: writeXlsx,
    parquet: parquetWriter(ctx.scratchDir),
    arrow: writeArrow,
  };

  app.get<{ Params: { name: string }; Querystring: Query }>('/api/export/:name', async (req, reply) => {
    // Without a key nothing may leave as a file, identifiers or not: say so before any work.
    if (!ctx.pseudonymiser.ready) throw new HttpError(503, ctx.pseudonymiser.missingKeyReason);
    const format = (req.query.format ?? 'csv') as ExportFormat;
    if (typeof format !== 'string' || !exportFormats.includes(format)) {
      throw badRequest(`format must be one of ${exportFormats.join(', ')}.`);
    }
    return withScope(ctx, async (scope) => {
      const name = req.params.name;
      const p = await prepareEntry(ctx, scope, ctx.registry.exportable(name), name, req.query, routeKeys.export);
      // One row past the limit tells us it was reached without reading everything.
      const result = await runQuery(scope, p.query.limit(ctx.maxExportRows + 1));
      if (result.rows.length > ctx.maxExportRows) {
        throw new HttpError(413, `This export has more than ${ctx.maxExportRows.toLocaleString('en-GB')} rows. Narrow the filters and export in parts.`);
      }
      const file = await writers[format](result, {
        name: p.entry.name,
        title: p.entry.title,
        filters: p.filters,
        params: p.params,
        extractedOn: p.facts.extractedOn,
        exportedAt: new Date(),
      });
      const date = p.facts.extractedOn ?? new Date().toISOString().slice(0, 10);
      const filename = `${p.entry.name}_${date}.${file.extension}`;
      reply
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('x-data-version', scope.lease.generation.id)
        .header('x-row-count', String(result.rows.length))
        .type(file.contentType);
      return file.body;
    });
  });
}
