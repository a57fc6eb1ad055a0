import type { ModelDefinition } from './ModelDefinition.ts';
import type { SeedDefinition } from './SeedDefinition.ts';
import type { SourceDefinition } from './SourceDefinition.ts';

export interface ProjectModel {
  definition: ModelDefinition;
  /** The file it came from, when discovered. */
  file?: string;
}

export interface ProjectSeed {
  definition: SeedDefinition;
  /** Table it loads into: seed_<name>. */
  table: string;
  file: string;
  /** Column name -> DuckDB type, in CSV order. */
  types: Record<string, string>;
  /** Values as written; '' is null. */
  rows: string[][];
}

/** Everything the planner needs: the models, the seeds and the sources they may read. */
export interface Project {
  models: ProjectModel[];
  seeds: ProjectSeed[];
  sources: readonly SourceDefinition[];
}
