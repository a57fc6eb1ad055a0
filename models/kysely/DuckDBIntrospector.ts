import {
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

// Kysely's PostgresIntrospector reads pg_catalog tables DuckDB only partly emulates;
// information_schema is standard and complete in DuckDB.
export class DuckDBIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ schema_name: string }>`
      select distinct schema_name from information_schema.schemata
      where catalog_name = current_database() order by schema_name`.execute(this.db);
    return rows.map((r) => ({ name: r.schema_name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
      from information_schema.columns c
      join information_schema.tables t
        on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_catalog = current_database()
      order by c.table_schema, c.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, TableMetadata>();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && r.table_name.startsWith('kysely_')) continue;
      const key = `${r.table_schema}.${r.table_name}`;
      let table = tables.get(key);
      if (!table) {
        table = { name: r.table_name, schema: r.table_schema, isView: r.table_type === 'VIEW', columns: [] };
        tables.set(key, table);
      }
      table.columns.push({
        name: r.column_name,
        dataType: r.data_type,
        isNullable: r.is_nullable === 'YES',
        isAutoIncrementing: false,
        hasDefaultValue: r.column_default !== null,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
