import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeds as seedDefinitions } from '../seeds/seeds.ts';
import { sources } from '../sources.ts';
import { discoverModels } from './discoverModels.ts';
import { ModelError } from './ModelError.ts';
import type { Project } from './Project.ts';
import { readSeed } from './readSeed.ts';
import type { SeedDefinition } from './SeedDefinition.ts';

export const defaultModelsDir = fileURLToPath(new URL('..', import.meta.url));

export interface ProjectLocation {
  /** Folder holding staging/, intermediate/ and marts/ (default models/). */
  modelsDir?: string;
  /** Folder holding the seed CSVs (default models/seeds/, whatever modelsDir is). */
  seedsDir?: string;
  /** What each seed CSV holds (default models/seeds/seeds.ts). */
  seeds?: readonly SeedDefinition[];
}

/** Discovers the models and reads the seeds; every seed CSV must be declared and every declared seed present. */
export async function loadProject(location: ProjectLocation = {}): Promise<Project> {
  const modelsDir = location.modelsDir ?? defaultModelsDir;
  const seedsDir = location.seedsDir ?? join(defaultModelsDir, 'seeds');
  const definitions = location.seeds ?? seedDefinitions;
  const csvs = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => f.endsWith('.csv')).sort() : [];
  for (const csv of csvs) {
    if (!definitions.some((d) => `${d.name}.csv` === csv)) {
      throw new ModelError(`seed ${csv} has no entry in models/seeds/seeds.ts; add its description and columns there`);
    }
  }
  const seeds = definitions.map((d) => {
    if (!csvs.includes(`${d.name}.csv`)) throw new ModelError(`seed "${d.name}" is declared but ${d.name}.csv is not in ${seedsDir}`);
    return readSeed(join(seedsDir, `${d.name}.csv`), d);
  });
  return { models: await discoverModels(modelsDir), seeds, sources };
}
