import type { ScenarioReport } from '../report.js';
import type { Scenario } from './proposal.js';

/**
 * The parts of a scenario's Report entry that name it in both languages: its
 * `names` when the proposal wrote the two-language form, and its stages with
 * theirs (the view names roadmap items "SCENARIO/STAGE" from them).
 * @example localizedScenario(scenario) // { names: { 'zh-CN': '法律案件助手', en: 'Legal case assistant' }, stages: [{ id: 'pilot', name: … }] }
 */
export function localizedScenario(scenario: Scenario): Pick<ScenarioReport, 'names' | 'stages'> {
  return {
    ...(scenario.names ? { names: scenario.names } : {}),
    ...(scenario.stages
      ? { stages: scenario.stages.map((st) => ({ id: st.id, ...(st.name !== undefined ? { name: st.name } : {}), ...(st.names ? { names: st.names } : {}) })) }
      : {}),
  };
}
