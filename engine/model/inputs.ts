import { makeDistribution } from '../distributions/make.js';
import type { Proposal, Quantity, Scenario } from './proposal.js';
import { isRef, isUncertain } from './proposal.js';
import type { ReportInput } from '../report.js';
import { walkQuantities } from '../sampling/variables.js';

/** Where a scenario's quantity path sits: the line, stage or expansion it belongs to and the field's code. */
function locate(scenario: Scenario, path: string): Pick<ReportInput, 'field' | 'line' | 'stage' | 'expansion'> {
  const line = /^(benefits|costs)\[(\d+)\]\.(?:expansions\[(\d+)\]\.)?(.+)$/.exec(path);
  if (line) {
    const list = line[1] as 'benefits' | 'costs';
    const index = Number(line[2]);
    const l = list === 'benefits' ? scenario.benefits[index] : scenario.costs[index];
    return {
      field: line[4],
      line: { list, index, kind: l.kind, label: l.label, ...(l.labels ? { labels: l.labels } : {}) },
      ...(line[3] !== undefined ? { expansion: Number(line[3]) } : {}),
    };
  }
  const stage = /^stages\[(\d+)\]\.(.+)$/.exec(path);
  if (stage) {
    const st = scenario.stages![Number(stage[1])];
    return { field: stage[2], stage: { id: st.id, ...(st.name !== undefined ? { name: st.name } : {}), ...(st.names ? { names: st.names } : {}) } };
  }
  return { field: path };
}

/** The value part of an input row: its form as written, its family, its mean. */
function value(q: Quantity, key: string | null): Pick<ReportInput, 'kind' | 'key' | 'ref' | 'value' | 'dist' | 'written' | 'clamp' | 'label' | 'labels' | 'mean'> {
  if (typeof q === 'number') return { kind: 'fixed', key: null, value: q, mean: q };
  if (isRef(q)) return { kind: 'ref', key: q.ref, ref: q.ref, mean: null };
  return {
    kind: q.dist.family,
    key,
    dist: { ...q.dist },
    ...(q.written ? { written: q.written } : {}),
    ...(q.clamp ? { clamp: q.clamp } : {}),
    ...(q.label !== undefined ? { label: q.label } : {}),
    ...(q.labels ? { labels: q.labels } : {}),
    mean: makeDistribution(q.dist).mean(),
  };
}

/**
 * Every input the proposal (or its template) wrote, as data for the view to put
 * into words: where it sits (a shared assumption, a scenario's line, stage or
 * expansion, a shared component), the field's code, and the form and numbers
 * as written (p5/p95 rather than the lognormal's mu/sigma). Schema defaults the
 * proposal never wrote (`gpus: 0` on a public-API line) are left out. In
 * document order: shared assumptions, each scenario, the shared components.
 * @example proposalInputs(proposal)[0] // { section: 'assumption', path: 'tasksPerMonth', written: { form: 'triangular', … }, … }
 */
export function proposalInputs(proposal: Proposal): ReportInput[] {
  const out: ReportInput[] = [];
  for (const [name, q] of Object.entries(proposal.assumptions)) {
    out.push({ section: 'assumption', scenarioId: null, path: name, field: name, ...value(q, name), key: name });
  }
  for (const s of proposal.scenarios) {
    const defaulted = new Set(s.defaulted ?? []);
    walkQuantities(s, (q, path) => {
      if (defaulted.has(path)) return;
      const key = isUncertain(q) ? (q.name ?? `${s.id}.${path}`) : null;
      out.push({ section: 'scenario', scenarioId: s.id, path, ...locate(s, path), ...value(q, key) });
    });
  }
  proposal.roadmap?.sharedComponents.forEach((c, k) => {
    const key = isUncertain(c.cost) ? (c.cost.name ?? `component.${c.id}`) : null;
    out.push({
      section: 'component',
      scenarioId: null,
      path: `roadmap.sharedComponents[${k}].cost`,
      field: 'cost',
      component: {
        id: c.id,
        name: c.name,
        ...(c.names ? { names: c.names } : {}),
        ...(c.label !== undefined ? { label: c.label } : {}),
        ...(c.labels ? { labels: c.labels } : {}),
      },
      ...value(c.cost, key),
    });
  });
  return out;
}
