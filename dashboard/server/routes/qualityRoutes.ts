import type { FastifyInstance } from 'fastify';
import { CompiledQuery } from 'kysely';
import { files, type ColumnSpec, type FileSpec } from '../../../pipeline/contract/contract.ts';
import { quoteLiteral } from '../../../pipeline/read/RawTable.ts';
import { typeWords } from '../../../pipeline/validate/columnChecks.ts';
import type { Dataset } from '../access/QueryPurpose.ts';
import { scopeDataset } from '../access/scopeRequest.ts';
import { loadFacts } from '../meta.ts';
import { withScope, type ServerContext } from '../RequestContext.ts';
import { runQuery, type QueryResult, type QueryScope } from '../runQuery.ts';
import { ARROW_STREAM, toArrowStream } from '../toArrow.ts';

const empty = (columns: [string, string][]): QueryResult => ({ columns: columns.map(([name, type]) => ({ name, type })), rows: [] });

/** The loaded table a load_files entry fed: 'family_needs.csv.gz' -> family_needs. */
const TABLE_OF_FILE = `regexp_extract(file, '^([a-z_]+)', 1)`;

/**
 * The last day a column's value says the file's data covers, or null when the column does
 * not date the records: a month (area_measures.period) covers the whole month, so a count
 * for May is up to date to 31 May; a birth month dates a person, not the extract.
 */
function coveredUpTo(c: ColumnSpec): string | null {
  if (c.type === 'date' || c.type === 'timestamp') return `"${c.name}"::DATE`;
  if (c.type === 'month' && c.name !== 'birth_month') return `last_day("${c.name}")`;
  return null;
}

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
      const dated = f.columns.map(coveredUpTo).filter((d) => d !== null);
      const latest = dated.length ? `max(greatest(${dated.join(', ')}))` : 'NULL::DATE';
      return `SELECT '${f.name}' AS table_name, ${latest} AS latest_on, count(*) AS rows_in_table FROM "${f.name}"`;
    });
  if (!latestByTable.length) return null;
  // The source as staging reads it: an event with no source is the case system's (data
  // contract, events: "`case_system` (default)"), not an unknown feed. A database built
  // without the models still has the raw table, with the same default applied here.
  const events = tables.has('stg_events') ? 'stg_events' : tables.has('events') ? `(SELECT occurred_at, coalesce(source, 'case_system') AS source FROM events)` : null;
  const sources = events
    ? `UNION ALL
       SELECT 'event_source' AS kind, 'events: ' || source AS name, NULL AS format, max(occurred_at)::DATE AS latest_on,
              count(*) AS rows_in_table, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::TIMESTAMPTZ
       FROM ${events} GROUP BY source`
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

/** Whether the load that wrote this database recorded each reject's rule (older loads did not). */
async function rejectsHaveRule(scope: QueryScope): Promise<boolean> {
  const cache = scope.lease.generation.cache;
  let has = cache.get('quality:rule') as boolean | undefined;
  if (has === undefined) {
    const { rows } = await runQuery(
      scope,
      CompiledQuery.raw(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'rejects' AND column_name = 'rule'`),
      { kind: 'reference', what: 'whether rejects have rules' },
    );
    has = rows.length > 0;
    cache.set('quality:rule', has);
  }
  return has;
}

/**
 * A rule for each reject of a database loaded before the pipeline recorded one, worked out
 * from its reason. The reason names the rejected value, so nothing of it is passed on: a
 * reason that holds no value (only names and codes of the contract) is kept as it is;
 * every other answer is a text built here from the file's and column's names and the
 * contract, the same wording as the pipeline's rules where the contract decides it. The
 * server opens the file read-only, so it cannot add the column; the next load does.
 */
function legacyRuleSql(): string {
  const ofColumn = (f: FileSpec, c: string) => `file LIKE ${quoteLiteral(`${f.name}.%`)} AND "column" = ${quoteLiteral(c)}`;
  const foreignKeys = files.flatMap((f) =>
    f.foreignKeys.map(
      (fk) =>
        `WHEN ${ofColumn(f, fk.column)} AND reason LIKE '% is not in ${fk.references.file}%' THEN ${quoteLiteral(`${fk.column} is not in ${fk.references.file}`)}` +
        ` || CASE WHEN reason LIKE '%(that row was rejected:%' THEN ' (its row there was rejected)' ELSE '' END`,
    ),
  );
  const formats = files.flatMap((f) =>
    f.columns
      .filter((c) => typeWords[c.type])
      .map((c) => `WHEN ${ofColumn(f, c.name)} AND reason LIKE ${quoteLiteral(`% ${typeWords[c.type]}`)} THEN ${quoteLiteral(`${c.name} ${typeWords[c.type]}`)}`),
  );
  const valueFree = [
    '[a-z_]+ is required but empty',
    'closure_reason is required when closed_on is set',
    '[a-z_]+ is required for [a-z_]+ events \\((practice events belong to an episode|partner events are about a person)\\)',
    'line is not a JSON object',
  ];
  return `CASE
    ${valueFree.map((re) => `WHEN regexp_full_match(reason, '${re}') THEN reason`).join('\n    ')}
    WHEN regexp_matches(reason, ' repeats line [0-9]+; the first row is kept$') THEN "column" || ' repeats an earlier row; the first row is kept'
    ${foreignKeys.join('\n    ')}
    ${formats.join('\n    ')}
    WHEN reason LIKE '% is not a known code%' THEN "column" || ' is not a known code'
    WHEN reason LIKE 'area % is not an area of %' THEN 'area is not an area of its tool'
    WHEN reason LIKE '% is outside %' THEN "column" || ' is outside its range'
    WHEN reason LIKE '% is before referral_on %' THEN "column" || ' is before referral_on'
    WHEN reason LIKE '% is after the extract date %' THEN "column" || ' is after the extract date'
    WHEN reason LIKE '% is before %' THEN "column" || ' is before the earliest date allowed'
    WHEN reason LIKE 'row has % fields but the header has %' THEN 'row has the wrong number of fields; check for a missing or extra comma'
    ELSE 'another problem (load the extract again to see which)'
  END`;
}

/**
 * Who may see data quality: the rejects and freshness are counts over the whole
 * authority's load (a rejected row never got a locality), so they cannot be limited to a
 * service manager's scope, and they have no small-number description for commissioners.
 * product.md gives checking data quality to analysts.
 */
export const dataQuality: Dataset = { name: 'data_quality', title: 'Data quality', permission: 'viewQuality' };

/** /api/quality (rejected rows by file, column and rule) and /api/quality/freshness. */
export function qualityRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const purpose = { kind: 'dataset', dataset: dataQuality } as const;

  app.get('/api/quality', async (_req, reply) =>
    withScope(ctx, async (scope) => {
      // Before any work, so a role without it is refused even where there is nothing to show.
      scopeDataset(dataQuality);
      const facts = await loadFacts(scope);
      // Reject counts by kind of problem and the first and last line of each, never the
      // rejected values or the reasons that name them: they may be personal data or a
      // case system's identifiers. The values are in the rejects file, for the data owner.
      const rule = facts.tables.has('rejects') ? ((await rejectsHaveRule(scope)) ? 'rule' : legacyRuleSql()) : null;
      const result = rule
        ? await runQuery(
            scope,
            CompiledQuery.raw(`
              SELECT file, "column", rule, count(*)::INTEGER AS rejected_rows, min(line) AS first_line, max(line) AS last_line
              FROM (SELECT load_order, file, line, "column", ${rule} AS rule FROM rejects)
              GROUP BY file, "column", rule
              ORDER BY min(load_order), file, rejected_rows DESC, "column", rule`),
            purpose,
          )
        : empty([
            ['file', 'VARCHAR'],
            ['column', 'VARCHAR'],
            ['rule', 'VARCHAR'],
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
