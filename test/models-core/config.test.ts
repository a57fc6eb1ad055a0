import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, resolveConfig } from '../../models/config.ts';

function configFile(json: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'config.json');
  writeFileSync(path, json);
  return path;
}

describe('configuration', () => {
  it('has the defaults of indicators.md', () => {
    const c = loadConfig();
    expect(c.supportingFamilies).toEqual({ minLiveNeeds: 3, minDistinctHeadlines: null, sustainedMonths: 6 });
    expect(c.distanceTravelled.excludeRetrospective).toBe(true);
    expect(c.distanceTravelled.baseline).toBe('first');
    expect(c.distanceTravelled.reliability.family_star_plus).toBe(0.8);
    expect(c.distanceTravelled.reliability.gcp2).toBe(0.8);
    expect(c.practiceStandards.clocks.decision.all).toEqual({ clockDays: 2, workingDays: true });
    expect(c.practiceStandards.clocks.first_contact.SF).toEqual({ clockDays: 2, workingDays: true });
    expect(c.practiceStandards.clocks.assessment.YOS).toEqual({ clockDays: 15, workingDays: true });
    expect(c.practiceStandards.clocks.review_interval.FIT).toEqual({ clockDays: 84, workingDays: false });
    expect(c.practiceStandards.longOpenMonths).toEqual([9, 12]);
    expect(c.prePost.windowMonths).toBe(6);
    expect(c.disclosure).toEqual({ minSuppressedCount: 1, maxSuppressedCount: 5, minDenominator: 10 });
  });

  it('deep-merges a council file over the defaults', () => {
    const path = configFile(
      JSON.stringify({
        supportingFamilies: { minDistinctHeadlines: 3 },
        distanceTravelled: { baseline: 'lower_of_first_two', reliability: { gcp2: 0.7 } },
        practiceStandards: { clocks: { assessment: { FIT: { clockDays: 40 } } } },
        prePost: { windowMonths: 12 },
      }),
    );
    const c = loadConfig(path);
    expect(c.supportingFamilies).toEqual({ minLiveNeeds: 3, minDistinctHeadlines: 3, sustainedMonths: 6 });
    expect(c.distanceTravelled.baseline).toBe('lower_of_first_two');
    expect(c.distanceTravelled.reliability.gcp2).toBe(0.7);
    expect(c.distanceTravelled.reliability.my_star).toBe(0.8);
    expect(c.practiceStandards.clocks.assessment.FIT).toEqual({ clockDays: 40, workingDays: false });
    expect(c.practiceStandards.clocks.assessment.SF.clockDays).toBe(42);
    expect(c.prePost.windowMonths).toBe(12);
    // The defaults themselves are untouched.
    expect(defaultConfig().prePost.windowMonths).toBe(6);
  });

  it('names every unknown key, with the keys it could have meant', () => {
    const path = configFile(JSON.stringify({ supportingFamilies: { minLiveNeed: 2 }, suppression: {} }));
    expect(() => loadConfig(path)).toThrow(ConfigError);
    try {
      loadConfig(path);
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain(`Configuration ${path} is not valid`);
      expect(message).toContain('unknown key "supportingFamilies.minLiveNeed" (known here: minLiveNeeds, minDistinctHeadlines, sustainedMonths)');
      expect(message).toContain('unknown key "suppression"');
    }
  });

  it('refuses an unknown standard or service in the clocks', () => {
    expect(() => resolveConfig({ practiceStandards: { clocks: { assessment: { TYSS: { clockDays: 10 } } } } })).toThrow(
      'unknown key "practiceStandards.clocks.assessment.TYSS" (known here: FIT, YIT, SF, YOS)',
    );
  });

  it.each([
    [{ prePost: { windowMonths: 9 } }, '"prePost.windowMonths" must be one of 6, 12 (got 9)'],
    [{ supportingFamilies: { minLiveNeeds: 'three' } }, '"supportingFamilies.minLiveNeeds" must be a whole number above 0 (got "three")'],
    [{ distanceTravelled: { reliability: { gcp2: 1.5 } } }, '"distanceTravelled.reliability.gcp2" must be a number between 0 and 1'],
    [{ distanceTravelled: { excludeRetrospective: 'no' } }, '"distanceTravelled.excludeRetrospective" must be a boolean, not string'],
    [{ disclosure: { maxSuppressedCount: 0, minSuppressedCount: 1 } }, 'must not be below'],
    [{ prePost: 6 }, '"prePost" must be an object, not number'],
    [[], 'must be a JSON object, not list'],
  ])('refuses %j', (override, message) => {
    expect(() => resolveConfig(override)).toThrow(message);
  });

  it('says when the file is not JSON or cannot be read', () => {
    expect(() => loadConfig(configFile('{ nope'))).toThrow(/is not valid JSON/);
    expect(() => loadConfig('/no/such/config.json')).toThrow(/cannot be read/);
  });

  it('cannot be changed by a model', () => {
    const c = loadConfig();
    expect(() => {
      (c.prePost as { windowMonths: number }).windowMonths = 12;
    }).toThrow(TypeError);
  });
});
