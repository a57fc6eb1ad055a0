import type { FastifyInstance } from 'fastify';
import { CompiledQuery } from 'kysely';
import { files } from '../../../pipeline/contract/contract.ts';
import type { Dataset } from '../access/QueryPurpose.ts';
import { scopeDataset } from '../access/scopeRequest.ts';
import { loadFacts } from '../meta.ts';
import { withScope, type ServerContext } from '../RequestContext.ts';
import { runQuery, type QueryResult } from '../runQuery.ts';
import { ARROW_STREAM, toArrowStream } from '../toArrow.ts';

const empty = (columns: [string, string][]): QueryResult => ({ columns: columns.map(([name, type]) => ({ name, type })), rows: [] });

/** The loaded table a load_files entry fed: 'family_needs.csv.gz' -> family_needs. */
const TABLE_OF_FILE = `regexp_extract(file, '^([a-z_]+)', 1)`;

/**
 * Freshness of each source: for every contract file, its latest load (file, rows read,
 * loaded, rejected, when) and the latest date in its table; and for events, the same per
 * `source` (case system, police, education, ...) since partners' feeds go stale on their
 * own. days_behind is the extract date minus the latest date: a partner feed that stopped
 * shows as a large number.
 */
function freshnessSql(tables: Set<string>): string | null {
  if (!tables.has('load_files') || !tables.has('loads') || !tables.has('extract_manifest')) return null;
  const latestByTable = files
    .filter((f) => tables.has(f.name))
    .map((f) => {
      const dated = f.columns.filter((c) => c.type === 'date' || c.type === 'timestamp').map((c) => `"${c.name}"::DATE`);
      const latest = dated.length ? `max(greatest(${dated.join(', ')}))` : 'NULL::DATE';
      return `SELECT '${f.name}' AS table_name, ${latest} AS latest_on, count(*) AS rows_in_table FROM "${f.name}"`;
    });
  if (!latestByTable.length) return null;
  const sources = tables.has('events')
    ? `UNION ALL
       SELECT 'event_source' AS kind, 'events: ' || coalesce(source, 'unknown') AS name, NULL AS format, max(occurred_at)::DATE AS latest_on,
              count(*) AS rows_in_table, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::TIMESTAMPTZ
       FROM events GROUP BY source`
    : '';
  return `
    WITH last_file AS (
      SELECT lf.*, l.finished_at, ${TABLE_OF_FILE} AS table_name,
             row_number() OVER (PARTITION BY ${TABLE_OF_FILE} ORDER BY lf.load_id DESC) AS nth
      FROM load_files lf JOIN loads l USING (load_id)
    ),
    latest AS (${latestByTable.join(' UNION ALL ')}),
    rows AS (
      SELECT 'file' AS kind, f.file AS name, f.format, t.latest_on, t.rows_in_table,
             f.rows_read AS rows_read_last_load, f.rows_loaded AS rows_loaded_last_load, f.rows_rejected AS rows_rejected_last_load,
             f.finished_at AS loaded_at
      FROM last_file f LEFT JOIN latest t USING (table_name) WHERE f.nth = 1
      ${sources}
    )
    SELECT kind, name, format, latest_on,
           (SELECT extracted_on FROM extract_manifest ORDER BY load_id DESC LIMIT 1) - latest_on AS days_behind,
           rows_in_table, rows_read_last_load, rows_loaded_last_load, rows_rejected_last_load, loaded_at
    FROM rows ORDER BY kind, name`;
}

/**
 * Who may see data quality: the rejects and freshness are counts over the whole
 * authority's load (a rejected row never got a locality), so they cannot be limited to a
 * service manager's scope, and they have no small-number description for commissioners.
 * product.md gives checking data quality to analysts.
 */
export const dataQuality: Dataset = { name: 'data_quality', title: 'Data quality', permission: 'viewQuality' };

/** /api/quality (rejected rows by file, column and reason) and /api/quality/freshness. */
export function qualityRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const purpose = { kind: 'dataset', dataset: dataQuality } as const;

  app.get('/api/quality', async (_req, reply) =>
    withScope(ctx, async (scope) => {
      // Before any work, so a role without it is refused even where there is nothing to show.
      scopeDataset(dataQuality);
      const facts = await loadFacts(scope);
      // Reject counts and the first line of each, never the rejected values: they may be personal data.
      const result = facts.tables.has('rejects')
        ? await runQuery(
            scope,
            CompiledQuery.raw(`
              SELECT file, "column", reason, count(*)::INTEGER AS rejected_rows, min(line) AS first_line, max(line) AS last_line
              FROM rejects GROUP BY file, "column", reason
              ORDER BY min(load_order), file, rejected_rows DESC, "column", reason`),
            purpose,
          )
        : empty([
            ['file', 'VARCHAR'],
            ['column', 'VARCHAR'],
            ['reason', 'VARCHAR'],
            ['rejected_rows', 'INTEGER'],
            ['first_line', 'BIGINT'],
            ['last_line', 'BIGINT'],
          ]);
      reply.header('x-data-version', scope.lease.generation.id).type(ARROW_STREAM);
      return Buffer.from(toArrowStream(result));
    }),
  );

  app.get('/api/quality/freshness', async (_req, reply) =>
    withScope(ctx, async (scope) => {
      scopeDataset(dataQuality);
      const facts = await loadFacts(scope);
      const sql = freshnessSql(facts.tables);
      const result = sql
        ? await runQuery(scope, CompiledQuery.raw(sql), purpose)
        : empty([
            ['kind', 'VARCHAR'],
            ['name', 'VARCHAR'],
            ['latest_on', 'DATE'],
          ]);
      reply.header('x-data-version', scope.lease.generation.id).type(ARROW_STREAM);
      return Buffer.from(toArrowStream(result));
    }),
  );
}
