import type { SingleTest } from './DataTest.ts';
import type { Layer, Materialization } from './ModelDefinition.ts';
import type { ProjectSeed } from './Project.ts';
import type { SourceDefinition } from './SourceDefinition.ts';

/** A seed or a model, ready to build: its SQL compiled and its dependencies known. */
export interface PlanNode {
  name: string;
  kind: 'seed' | 'model';
  layer: 'seeds' | Layer;
  materialized: Materialization;
  description: string;
  grain?: string;
  columns: Record<string, string>;
  tests: SingleTest[];
  /** Models and seeds it refs. */
  dependsOn: string[];
  /** Sources it reads. */
  sources: string[];
  /** Compiled SELECT, for models. */
  sql?: string;
  file?: string;
  seed?: ProjectSeed;
}

export interface Plan {
  nodes: Map<string, PlanNode>;
  /** Every node, each after everything it depends on. */
  order: string[];
  /** Node -> the nodes that ref it. */
  children: Map<string, string[]>;
  sources: readonly SourceDefinition[];
}

/** Build order rank of a layer: seeds, staging, intermediate, marts. */
export const layerRank: Record<PlanNode['layer'], number> = { seeds: 0, staging: 1, intermediate: 2, marts: 3 };
