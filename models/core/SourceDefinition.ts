/** A table the pipeline loads, which staging models read with `source(name)`. */
export interface SourceDefinition {
  name: string;
  description: string;
  /** What one row is, where the name does not say it. */
  grain?: string;
  /** Column name -> DuckDB type and meaning. */
  columns: Record<string, { type: string; description: string }>;
}
