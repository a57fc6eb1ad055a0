import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverModels } from '../../models/core/discoverModels.ts';
import { defaultModelsDir, loadProject } from '../../models/core/loadProject.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));

describe('discovering model files', () => {
  it('finds the models under staging/, intermediate/ and marts/', async () => {
    const names = (await discoverModels(defaultModelsDir)).map((m) => m.definition.name);
    expect(names).toEqual(expect.arrayContaining(['stg_families', 'stg_episodes', 'stg_extract_manifest', 'int_episodes', 'mart_episodes']));
  });

  it('refuses a file whose name differs from its model, saying how to fix it', async () => {
    await expect(discoverModels(fixture('misnamed'))).rejects.toThrow(
      /stg_wrong_name\.ts: the file defines model "stg_right_name"; rename the file to stg_right_name\.ts or the model to "stg_wrong_name"/,
    );
  });

  it('refuses a model filed under another layer', async () => {
    await expect(discoverModels(fixture('wrong-layer'))).rejects.toThrow(/model "stg_in_wrong_folder" declares layer "staging" but sits in intermediate\//);
  });

  it('refuses a file that exports no model', async () => {
    await expect(discoverModels(fixture('not-a-model'))).rejects.toThrow(/mart_nothing\.ts: a model file must export defineModel/);
  });

  it('loads every seed CSV with its declaration', async () => {
    const project = await loadProject();
    expect(project.seeds.map((s) => s.table)).toEqual(expect.arrayContaining([
      'seed_bank_holidays',
      'seed_headlines',
      'seed_journey_stages',
      'seed_logic_models',
      'seed_practice_standards',
      'seed_services',
      'seed_tool_areas',
    ]));
  });

  it('refuses a seed CSV without a declaration', async () => {
    await expect(loadProject({ modelsDir: fixture('misnamed'), seeds: [] })).rejects.toThrow(/seed bank_holidays\.csv has no entry in models\/seeds\/seeds\.ts/);
  });
});
