/** A table the pipeline loads, which staging models read with `source(name)`. */
export interface SourceDefinition {
  name: string;
  description: string;
  /** Column name -> DuckDB type and meaning. */
  columns: Record<string, { type: string; description: string }>;
}
