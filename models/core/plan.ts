import type { Config } from '../config.ts';
import { compileModel } from './compileModel.ts';
import { didYouMean } from './didYouMean.ts';
import { expandTests, testName } from './DataTest.ts';
import { ModelError } from './ModelError.ts';
import { layerRank, type Plan, type PlanNode } from './PlanNode.ts';
import type { Project } from './Project.ts';
import { topologicalOrder } from './topologicalOrder.ts';

function seedNodes(project: Project): PlanNode[] {
  return project.seeds.map((s) => ({
    name: s.table,
    kind: 'seed',
    layer: 'seeds',
    materialized: 'table',
    description: s.definition.description,
    columns: s.definition.columns,
    tests: expandTests(s.definition.tests ?? []),
    dependsOn: [],
    sources: [],
    file: s.file,
    seed: s,
  }));
}

function modelNodes(project: Project, config: Config): PlanNode[] {
  return project.models.map(({ definition: m, file }) => {
    const compiled = compileModel(m, config);
    return {
      name: m.name,
      kind: 'model',
      layer: m.layer,
      materialized: m.materialized,
      description: m.description,
      grain: m.grain,
      columns: m.columns,
      tests: expandTests(m.tests ?? []),
      dependsOn: compiled.refs,
      sources: compiled.sources,
      sql: compiled.sql,
      file,
    };
  });
}

/** Problems a reader must fix in the definitions, all at once rather than one per run. */
function problems(nodes: Map<string, PlanNode>, project: Project): string[] {
  const out: string[] = [];
  const sourceNames = project.sources.map((s) => s.name);
  for (const n of nodes.values()) {
    for (const dep of n.dependsOn) {
      if (!nodes.has(dep)) out.push(`model "${n.name}" refs "${dep}", which is not a model or seed${didYouMean(dep, nodes.keys())}`);
    }
    for (const src of n.sources) {
      if (!sourceNames.includes(src)) out.push(`model "${n.name}" reads source "${src}", which is not a source${didYouMean(src, sourceNames)}`);
    }
    for (const t of n.tests) {
      if (t.kind === 'relationships' && !nodes.has(t.to)) {
        out.push(`${n.kind} "${n.name}": test ${testName(t)} refers to "${t.to}", which is not a model or seed${didYouMean(t.to, nodes.keys())}`);
      }
    }
  }
  return out;
}

// Sources are cleaned once, in staging; later layers build on earlier ones only.
function layerProblems(nodes: Map<string, PlanNode>): string[] {
  const out: string[] = [];
  for (const n of nodes.values()) {
    if (n.sources.length && n.layer !== 'staging') {
      out.push(`model "${n.name}" (${n.layer}) reads source ${n.sources.map((s) => `"${s}"`).join(', ')}; only staging models read sources, so ref a stg_ model instead`);
    }
    for (const dep of n.dependsOn) {
      const d = nodes.get(dep)!;
      if (layerRank[d.layer] > layerRank[n.layer]) {
        out.push(`model "${n.name}" (${n.layer}) refs "${dep}" (${d.layer}); a model may only ref seeds and models of its own or an earlier layer`);
      }
    }
  }
  return out;
}

/**
 * Compiles every model, derives the dependency graph from its refs, checks it and puts
 * it in build order. Throws ModelError naming every missing ref, unknown source, cycle
 * or layer violation.
 */
export function planModels(project: Project, config: Config): Plan {
  const nodes = new Map<string, PlanNode>();
  const duplicates: string[] = [];
  for (const n of [...seedNodes(project), ...modelNodes(project, config)]) {
    if (nodes.has(n.name)) duplicates.push(`"${n.name}" is defined twice (${nodes.get(n.name)!.file ?? '?'} and ${n.file ?? '?'})`);
    nodes.set(n.name, n);
  }
  const found = [...duplicates, ...problems(nodes, project)];
  if (found.length) throw new ModelError(found.join('\n'));
  const order = topologicalOrder(nodes);
  const layered = layerProblems(nodes);
  if (layered.length) throw new ModelError(layered.join('\n'));
  const children = new Map(order.map((name) => [name, [] as string[]]));
  for (const name of order) for (const dep of nodes.get(name)!.dependsOn) children.get(dep)!.push(name);
  return { nodes, order, children, sources: project.sources };
}
