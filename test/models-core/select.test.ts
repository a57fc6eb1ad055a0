import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../models/config.ts';
import { planModels } from '../../models/core/plan.ts';
import { selectNodes } from '../../models/core/select.ts';
import { idModel, projectOf } from './helpers/projectOf.ts';

// stg_a -> int_b -> mart_c ; stg_a -> mart_d ; stg_e -> mart_d ; stg_f alone
const plan = planModels(
  projectOf([
    idModel('stg_a'),
    idModel('int_b', ['stg_a']),
    idModel('mart_c', ['int_b']),
    idModel('mart_d', ['stg_a', 'stg_e']),
    idModel('stg_e'),
    idModel('stg_f'),
  ]),
  loadConfig(),
);

describe('selection', () => {
  it('selects everything by default, in build order', () => {
    expect(selectNodes(plan)).toEqual(['stg_a', 'stg_e', 'stg_f', 'int_b', 'mart_c', 'mart_d']);
  });

  it('name: the node alone', () => {
    expect(selectNodes(plan, 'int_b')).toEqual(['int_b']);
  });

  it('name+: the node and everything downstream', () => {
    expect(selectNodes(plan, 'stg_a+')).toEqual(['stg_a', 'int_b', 'mart_c', 'mart_d']);
  });

  it('+name: the node and everything it needs', () => {
    expect(selectNodes(plan, '+mart_c')).toEqual(['stg_a', 'int_b', 'mart_c']);
    expect(selectNodes(plan, '+mart_d')).toEqual(['stg_a', 'stg_e', 'mart_d']);
  });

  it('+name+: both ways', () => {
    expect(selectNodes(plan, '+int_b+')).toEqual(['stg_a', 'int_b', 'mart_c']);
  });

  it('several selectors, by list, comma or space, are a union', () => {
    expect(selectNodes(plan, ['stg_f', 'mart_c'])).toEqual(['stg_f', 'mart_c']);
    expect(selectNodes(plan, 'stg_f,mart_c')).toEqual(['stg_f', 'mart_c']);
    expect(selectNodes(plan, 'stg_e+ stg_f')).toEqual(['stg_e', 'stg_f', 'mart_d']);
  });

  it('refuses an unknown name, with a suggestion', () => {
    expect(() => selectNodes(plan, 'mart_e+')).toThrow('selector "mart_e+": no model or seed "mart_e" (did you mean "mart_c"?)');
    expect(() => selectNodes(plan, '++')).toThrow('selector "++" is not name, +name, name+ or +name+');
  });
});
