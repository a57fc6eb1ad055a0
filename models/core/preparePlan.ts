import { loadConfig, type Config } from '../config.ts';
import { loadProject, type ProjectLocation } from './loadProject.ts';
import type { Plan } from './PlanNode.ts';
import { planModels } from './plan.ts';
import type { Project } from './Project.ts';
import { selectNodes } from './select.ts';

/** What every runner (build, test, docs) accepts to find the models and choose some. */
export interface RunOptions {
  /** Selectors: `name`, `name+`, `+name`, `+name+`; default all. */
  select?: string | readonly string[];
  /** Default: the defaults of models/config.ts. */
  config?: Config;
  /** Default: discovered from models/. */
  project?: Project;
  /** Where to discover the project when none is given. */
  location?: ProjectLocation;
}

export async function preparePlan(options: RunOptions): Promise<{ plan: Plan; selected: string[] }> {
  const project = options.project ?? (await loadProject(options.location));
  const plan = planModels(project, options.config ?? loadConfig());
  return { plan, selected: selectNodes(plan, options.select) };
}
