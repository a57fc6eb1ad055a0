import { ModelError } from './ModelError.ts';
import { layerRank, type PlanNode } from './PlanNode.ts';

function findCycle(nodes: Map<string, PlanNode>, among: Set<string>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    state.set(name, 'open');
    stack.push(name);
    for (const dep of [...nodes.get(name)!.dependsOn].sort()) {
      if (!among.has(dep)) continue;
      if (state.get(dep) === 'open') return [...stack.slice(stack.indexOf(dep)), dep];
      if (!state.has(dep)) {
        const cycle = visit(dep);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of [...among].sort()) {
    if (!state.has(name)) {
      const cycle = visit(name);
      if (cycle) return cycle;
    }
  }
  return [];
}

/**
 * Every node after all it depends on; among nodes ready together, earlier layers and
 * then names first, so the order is the same on every run. A cycle is an error that
 * names its members.
 */
export function topologicalOrder(nodes: Map<string, PlanNode>): string[] {
  const waitingOn = new Map([...nodes.values()].map((n) => [n.name, new Set(n.dependsOn)]));
  const order: string[] = [];
  const byRank = (a: string, b: string) =>
    layerRank[nodes.get(a)!.layer] - layerRank[nodes.get(b)!.layer] || (a < b ? -1 : a > b ? 1 : 0);
  let ready = [...waitingOn].filter(([, deps]) => deps.size === 0).map(([n]) => n);
  while (ready.length) {
    ready.sort(byRank);
    const next = ready.shift()!;
    order.push(next);
    waitingOn.delete(next);
    for (const [name, deps] of waitingOn) {
      if (deps.delete(next) && deps.size === 0) ready.push(name);
    }
  }
  if (waitingOn.size) {
    const cycle = findCycle(nodes, new Set(waitingOn.keys()));
    throw new ModelError(`dependency cycle: ${cycle.join(' -> ')} (each refs the next); one of these refs must go`);
  }
  return order;
}
