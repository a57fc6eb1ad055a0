import { didYouMean } from './didYouMean.ts';
import { ModelError } from './ModelError.ts';
import type { Plan } from './PlanNode.ts';

function reach(start: string, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length) {
    for (const n of next(todo.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

/**
 * The nodes a selection names, in build order. Each selector is `name`, `name+` (with
 * everything downstream), `+name` (with everything it needs) or `+name+`; selectors are
 * separated by commas or spaces and their union is taken. No selection means all.
 */
export function selectNodes(plan: Plan, select?: string | readonly string[]): string[] {
  const selectors = (typeof select === 'string' ? [select] : (select ?? []))
    .flatMap((s) => s.split(/[\s,]+/))
    .filter(Boolean);
  if (selectors.length === 0) return [...plan.order];
  const chosen = new Set<string>();
  for (const selector of selectors) {
    const m = /^(\+?)([^+]+)(\+?)$/.exec(selector);
    if (!m) throw new ModelError(`selector "${selector}" is not name, +name, name+ or +name+`);
    const [, up, name, down] = m;
    if (!plan.nodes.has(name)) throw new ModelError(`selector "${selector}": no model or seed "${name}"${didYouMean(name, plan.nodes.keys())}`);
    chosen.add(name);
    if (up) for (const n of reach(name, (x) => plan.nodes.get(x)!.dependsOn)) chosen.add(n);
    if (down) for (const n of reach(name, (x) => plan.children.get(x) ?? [])) chosen.add(n);
  }
  return plan.order.filter((n) => chosen.has(n));
}
