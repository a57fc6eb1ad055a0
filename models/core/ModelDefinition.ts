import type { Kysely, OperationNodeSource } from 'kysely';
import type { Config } from '../config.ts';
import type { SourceName } from '../sources.ts';
import type { DataTest } from './DataTest.ts';
import type { Relation } from './Relation.ts';

export const layers = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof layers)[number];
export type Materialization = 'view' | 'table';

/** Name prefix each layer's models carry, so a name says where a model sits. */
export const layerPrefix: Record<Layer, string> = { staging: 'stg_', intermediate: 'int_', marts: 'mart_' };

/** What a model's query function is given. */
export interface ModelContext {
  /** Another model or a seed (`seed_<name>`); records the dependency. */
  ref(name: string): Relation;
  /** A table the pipeline loaded; staging models only. */
  source(name: SourceName): Relation;
  config: Config;
  /** Builds queries only: it cannot run them, so models stay pure. */
  db: Kysely<any>;
}

/** A Kysely select query (any chain of `with`s ending in a select) or a sql`...` template. */
export type ModelQuery = OperationNodeSource;

export interface ModelDefinition {
  name: string;
  layer: Layer;
  /** What one row is, in one line: "one row per episode". */
  grain: string;
  materialized: Materialization;
  description: string;
  /** Every output column, in order, with what it means. The build checks the query produces exactly these. */
  columns: Record<string, string>;
  query: (ctx: ModelContext) => ModelQuery;
  tests?: readonly DataTest[];
}
