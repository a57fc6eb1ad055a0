// Checks that need more than one column of the same row (data contract, "Validation and
// rejects"): dates in order, conditional requirements, codes and ranges that depend on
// the event type or the assessment tool.
import { eventDetailCodes, eventValueRanges, partnerEventTypes, practiceEventTypes, toolAreas } from '../contract/codes.ts';
import type { FileName } from '../contract/contract.ts';
import { quoteLiteral } from '../read/RawTable.ts';
import { codeCase, codeList, rawRef, ref, type Check } from './columnChecks.ts';

const list = (xs: readonly string[]) => xs.map(quoteLiteral).join(', ');
// Not `x IN (...)`: DuckDB plans a long IN list as a join, and a join would cost the
// load its one-pass, order-keeping read (see createChecked in loadFile.ts).
const isOneOf = (x: string, xs: readonly string[]) => `list_contains([${list(xs)}], ${x})`;

function notBefore(later: string, earlier: string): Check {
  return {
    column: later,
    value: rawRef(later),
    fails: `${ref(later)} < ${ref(earlier)}`,
    reason: `'${later} ' || ${rawRef(later)} || ' is before ${earlier} ' || ${rawRef(earlier)}`,
    rule: `'${later} is before ${earlier}'`,
  };
}

const tools = [...new Set(toolAreas.map((t) => t.tool))];

/**
 * `detail` stored in its canonical spelling where the contract closes its list. A council's
 * own spellings (mappings.csv, `events,detail,...`) name no event type, so each applies to
 * the types whose list holds its code.
 */
export function eventDetailExpr(local?: Map<string, string>): string {
  const localFor = (codes: readonly string[]) => (local ? new Map([...local].filter(([, code]) => codes.includes(code))) : undefined);
  const arms = Object.entries(eventDetailCodes)
    .map(([type, codes]) => `WHEN ${quoteLiteral(type)} THEN ${codeCase(rawRef('detail'), codes!, localFor(codes!))}`)
    .join(' ');
  return `CASE ${ref('event_type')} ${arms} ELSE ${rawRef('detail')} END`;
}

export function rowChecks(file: FileName): Check[] {
  switch (file) {
    case 'episodes':
      return [
        notBefore('allocated_on', 'referral_on'),
        notBefore('closed_on', 'referral_on'),
        {
          column: 'closure_reason',
          value: rawRef('closure_reason'),
          fails: `${ref('closed_on')} IS NOT NULL AND ${rawRef('closure_reason')} IS NULL`,
          reason: `'closure_reason is required when closed_on is set'`,
          rule: `'closure_reason is required when closed_on is set'`,
        },
      ];
    case 'events': {
      const expectedDetail = `CASE ${ref('event_type')} ${Object.entries(eventDetailCodes)
        .map(([t, codes]) => `WHEN ${quoteLiteral(t)} THEN ${quoteLiteral(` (expected one of ${codeList(codes!)})`)}`)
        .join(' ')} ELSE '' END`;
      const checks: Check[] = [
        {
          column: 'episode_id',
          value: rawRef('episode_id'),
          fails: `${isOneOf(ref('event_type'), practiceEventTypes)} AND ${ref('episode_id')} IS NULL`,
          reason: `'episode_id is required for ' || ${ref('event_type')} || ' events (practice events belong to an episode)'`,
          rule: `'episode_id is required for ' || ${ref('event_type')} || ' events (practice events belong to an episode)'`,
        },
        {
          column: 'person_id',
          value: rawRef('person_id'),
          fails: `${isOneOf(ref('event_type'), partnerEventTypes)} AND ${ref('person_id')} IS NULL`,
          reason: `'person_id is required for ' || ${ref('event_type')} || ' events (partner events are about a person)'`,
          rule: `'person_id is required for ' || ${ref('event_type')} || ' events (partner events are about a person)'`,
        },
        {
          column: 'detail',
          value: rawRef('detail'),
          fails: `${rawRef('detail')} IS NOT NULL AND ${ref('detail')} IS NULL`,
          reason: `'detail "' || ${rawRef('detail')} || '" is not a known code for ' || ${ref('event_type')} || ${expectedDetail}`,
          rule: `'detail is not a known code for ' || ${ref('event_type')} || ${expectedDetail}`,
        },
      ];
      for (const [type, r] of Object.entries(eventValueRanges)) {
        checks.push({
          column: 'value',
          value: rawRef('value'),
          fails: `${ref('event_type')} = ${quoteLiteral(type)} AND (${ref('value')} < ${r!.min} OR ${ref('value')} > ${r!.max})`,
          reason: `'value ' || ${rawRef('value')} || ' is outside ${r!.min}-${r!.max} (${r!.what}) for ${type}'`,
          rule: `'value is outside ${r!.min}-${r!.max} (${r!.what}) for ${type}'`,
        });
      }
      return checks;
    }
    case 'assessments': {
      const areasOf = `CASE ${ref('tool')} ${tools
        .map((t) => `WHEN ${quoteLiteral(t)} THEN [${list(toolAreas.filter((a) => a.tool === t).map((a) => a.area))}]`)
        .join(' ')} END`;
      const scale = (bound: 'scale_min' | 'scale_max') =>
        `CASE ${ref('tool')} ${tools.map((t) => `WHEN ${quoteLiteral(t)} THEN ${toolAreas.find((a) => a.tool === t)![bound]}`).join(' ')} END`;
      return [
        {
          column: 'area',
          value: rawRef('area'),
          fails: `${ref('area')} IS NOT NULL AND ${ref('tool')} IS NOT NULL AND NOT list_contains(${areasOf}, ${ref('area')})`,
          reason: `'area ' || ${ref('area')} || ' is not an area of ' || ${ref('tool')}`,
          rule: `'area is not an area of ' || ${ref('tool')}`,
        },
        {
          column: 'score',
          value: rawRef('score'),
          fails: `${ref('score')} IS NOT NULL AND ${ref('tool')} IS NOT NULL AND (${ref('score')} < ${scale('scale_min')} OR ${ref('score')} > ${scale('scale_max')})`,
          reason: `'score ' || ${rawRef('score')} || ' is outside ' || ${scale('scale_min')} || '-' || ${scale('scale_max')} || ' for ' || ${ref('tool')}`,
          rule: `'score is outside ' || ${scale('scale_min')} || '-' || ${scale('scale_max')} || ' for ' || ${ref('tool')}`,
        },
      ];
    }
    default:
      return [];
  }
}
