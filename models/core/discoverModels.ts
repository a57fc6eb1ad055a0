import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isModelDefinition } from './defineModel.ts';
import { layers } from './ModelDefinition.ts';
import { ModelError } from './ModelError.ts';
import type { ProjectModel } from './Project.ts';

async function tsFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort();
}

/**
 * Imports every model file under `<modelsDir>/{staging,intermediate,marts}/`. A file
 * holds one model (its default export or an export named `model`), named like the file
 * and declared in the layer of its folder, so a model is found where its name says.
 */
export async function discoverModels(modelsDir: string): Promise<ProjectModel[]> {
  const found: ProjectModel[] = [];
  for (const layer of layers) {
    for (const file of await tsFiles(join(modelsDir, layer))) {
      const shown = relative(process.cwd(), file).split(sep).join('/');
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const definition = mod.default ?? mod.model;
      if (!isModelDefinition(definition)) {
        throw new ModelError(`${shown}: a model file must export defineModel({...}) as default or as "model"`);
      }
      const fileName = basename(file, '.ts');
      if (definition.name !== fileName) {
        throw new ModelError(`${shown}: the file defines model "${definition.name}"; rename the file to ${definition.name}.ts or the model to "${fileName}"`);
      }
      if (definition.layer !== layer) {
        throw new ModelError(`${shown}: model "${definition.name}" declares layer "${definition.layer}" but sits in ${layer}/`);
      }
      found.push({ definition, file });
    }
  }
  return found;
}
