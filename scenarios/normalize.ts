import { createHash } from 'node:crypto';
import { correlationGroups } from '../engine/sampling/correlation.js';
import { ClosedloopError, type Problem, formatPath } from '../engine/errors.js';
import type { Benefit, Cost, Proposal, Quantity, Scenario } from '../engine/model/proposal.js';
import { isRef, isUncertain } from '../engine/model/proposal.js';
import { VariableSet, walkQuantities } from '../engine/sampling/variables.js';
import { type ParsedProposal, proposalSchema } from './proposal-schema.js';
import { REF_DOMAINS, describeIssue, domainProblem } from './quantity-schema.js';
import { findTemplate } from './templates/index.js';
import { defaultedPaths } from './defaulted.js';
import { primaryText } from './localized-text.js';

/**
 * Turns raw proposal data (parsed JSON/YAML or an API body) into a frozen,
 * normalised Proposal with its inputHash, or throws ClosedloopError
 * INVALID_PROPOSAL listing the problems with their JSON paths. Checks run in
 * stages (templates, schema, cross-references, correlations); a stage with
 * problems stops the later ones, whose checks assume it passed.
 * @example normalizeProposal(JSON.parse(text)).scenarios[0].id
 */
export function normalizeProposal(raw: unknown): Proposal {
  const problems: Problem[] = [];
  const expanded = applyTemplates(raw, problems);
  if (problems.length) throw new ClosedloopError('INVALID_PROPOSAL', problems);
  const parsed = proposalSchema.safeParse(expanded, { reportInput: true });
  if (!parsed.success) {
    throw new ClosedloopError(
      'INVALID_PROPOSAL',
      parsed.error.issues.map((i) => ({ path: formatPath(i.path) || '(top level)', message: describeIssue(i) })),
    );
  }
  const proposal = withNames(toProposal(parsed.data, problems), parsed.data, expanded);
  checkCrossReferences(proposal, problems);
  if (problems.length) throw new ClosedloopError('INVALID_PROPOSAL', problems);
  const hashed = { ...proposal, inputHash: hashProposal(proposal) };
  return deepFreeze(hashed);
}

/** Fills a scenario's missing top-level fields from its template (a shallow merge: given fields win). */
function applyTemplates(raw: unknown, problems: Problem[]): unknown {
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { scenarios?: unknown }).scenarios)) return raw;
  const r = raw as { scenarios: unknown[] };
  return {
    ...r,
    scenarios: r.scenarios.map((s, i) => {
      if (s === null || typeof s !== 'object' || typeof (s as { template?: unknown }).template !== 'string') return s;
      const id = (s as { template: string }).template;
      const t = findTemplate(id);
      if (!t) {
        problems.push({ path: `scenarios[${i}].template`, message: `no template has the id ${JSON.stringify(id)} (see closedloop templates list)` });
        return s;
      }
      return { ...structuredClone(t.scenario), ...s };
    }),
  };
}

function toProposal(p: ParsedProposal, problems: Problem[]): Omit<Proposal, 'inputHash'> {
  return {
    customer: { ...p.customer, name: primaryText(p.customer.name, p.currency).name },
    currency: p.currency,
    horizonMonths: p.horizonMonths,
    discountRate: p.discountRate,
    policy: p.policy,
    assumptions: p.assumptions as Record<string, Quantity>,
    correlations: p.correlations,
    scenarios: p.scenarios.map((s, i): Scenario => ({
      id: s.id,
      name: primaryText(s.name, p.currency).name,
      ...(s.template !== undefined ? { template: s.template } : {}),
      ...(s.description !== undefined ? { description: s.description } : {}),
      requires: s.requires,
      implementationMonths: s.implementationMonths,
      adoption: s.adoption,
      benefits: s.benefits.map((b): Benefit => {
        const base = { ...b, label: b.label ?? b.kind, growthPerYear: b.growthPerYear, expansions: b.expansions };
        if (b.kind !== 'timeSavings') return base as Benefit;
        return {
          ...base,
          kind: 'timeSavings',
          minutesSaved: b.minutesSaved ?? null,
          minutesBefore: b.minutesBefore ?? null,
          minutesAfter: b.minutesAfter ?? null,
        } as Benefit;
      }),
      costs: s.costs.map((c, j): Cost => {
        if (c.kind !== 'compute') return { ...c, label: c.label ?? c.kind } as Cost;
        const deployment = c.deployment ?? s.deployment ?? 'public';
        let publicShare: Quantity | undefined = c.publicShare;
        if (publicShare === undefined) {
          if (deployment === 'hybrid') {
            problems.push({ path: `scenarios[${i}].costs[${j}].publicShare`, message: 'required for a hybrid deployment: the share of usage that runs on the public API' });
          }
          publicShare = deployment === 'private' ? 0 : 1;
        }
        return { ...c, label: c.label ?? c.kind, deployment, publicShare } as Cost;
      }),
      ...(s.stages ? { stages: s.stages.map(({ name, ...st }) => ({ ...st, ...(name !== undefined ? { name: primaryText(name, p.currency).name } : {}) })) } : {}),
    })),
    ...(p.roadmap
      ? {
          roadmap: {
            phaseMonths: p.roadmap.phaseMonths ?? p.policy.phaseMonths,
            phaseBudget: p.roadmap.phaseBudget ?? p.policy.budget,
            ...(p.roadmap.programmeBudget !== undefined ? { programmeBudget: p.roadmap.programmeBudget } : {}),
            capacity: p.roadmap.capacity,
            sharedComponents: p.roadmap.sharedComponents.map(({ name, label, ...c }) => ({
              ...c,
              name: primaryText(name, p.currency).name,
              ...(label !== undefined ? { label: primaryText(label, p.currency).name } : {}),
            })),
            exclude: p.roadmap.exclude,
          },
        }
      : {}),
  };
}

/**
 * Names and labels in both languages (a string or { "zh-CN", "en" }: the
 * primary text in `name`/`label`, the object in `names`/`labels`), shared
 * assumptions' labels with the proposal's primary language, and the paths of
 * quantities no one wrote (`defaulted`).
 */
function withNames(p: Omit<Proposal, 'inputHash'>, parsed: ParsedProposal, raw: unknown): Omit<Proposal, 'inputHash'> {
  const text = (value: Parameters<typeof primaryText>[0]) => primaryText(value, parsed.currency);
  const labelled = (value: Parameters<typeof primaryText>[0] | undefined, fallback: string) => {
    if (value === undefined) return { label: fallback };
    const { name, names } = text(value);
    return names ? { label: name, labels: names } : { label: name };
  };
  const rawScenarios = (raw as { scenarios: unknown[] }).scenarios;
  const assumptions: Record<string, Quantity> = {};
  for (const [key, q] of Object.entries(p.assumptions)) {
    assumptions[key] = isUncertain(q) && q.labels ? { ...q, label: text(q.labels).name } : q;
  }
  return {
    ...p,
    customer: { ...p.customer, ...text(parsed.customer.name) },
    assumptions,
    scenarios: p.scenarios.map((s, i) => {
      const written = parsed.scenarios[i];
      const scenario: Scenario = {
        ...s,
        ...text(written.name),
        benefits: s.benefits.map((b, l) => ({ ...b, ...labelled(written.benefits[l].label, b.kind) })),
        costs: s.costs.map((c, l) => ({ ...c, ...labelled(written.costs[l].label, c.kind) })),
        ...(s.stages ? { stages: s.stages.map((st, k) => ({ ...st, ...(written.stages![k].name !== undefined ? text(written.stages![k].name!) : {}) })) } : {}),
      };
      const defaulted = defaultedPaths(rawScenarios[i], scenario);
      return defaulted.length ? { ...scenario, defaulted } : scenario;
    }),
    ...(p.roadmap
      ? {
          roadmap: {
            ...p.roadmap,
            sharedComponents: p.roadmap.sharedComponents.map((c, k) => {
              const w = parsed.roadmap!.sharedComponents[k];
              const label = w.label === undefined ? {} : labelled(w.label, '');
              return { ...c, ...text(w.name), ...label };
            }),
          },
        }
      : {}),
  };
}

/** Ids, requires, refs, names and correlations: rules that span the document. */
function checkCrossReferences(p: Omit<Proposal, 'inputHash'>, problems: Problem[]): void {
  const ids = new Map<string, number>();
  p.scenarios.forEach((s, i) => {
    if (ids.has(s.id)) problems.push({ path: `scenarios[${i}].id`, message: `duplicate scenario id ${JSON.stringify(s.id)} (also scenarios[${ids.get(s.id)}])` });
    else ids.set(s.id, i);
  });
  p.scenarios.forEach((s, i) =>
    s.requires.forEach((r, j) => {
      if (r === s.id) problems.push({ path: `scenarios[${i}].requires[${j}]`, message: 'a scenario cannot require itself' });
      else if (!ids.has(r)) problems.push({ path: `scenarios[${i}].requires[${j}]`, message: `no scenario has the id ${JSON.stringify(r)}` });
    }),
  );
  for (const [name, q] of Object.entries(p.assumptions)) {
    if (isRef(q)) problems.push({ path: `assumptions.${name}`, message: 'an assumption cannot refer to another assumption' });
    else if (isUncertain(q) && q.name !== undefined && q.name !== name) {
      problems.push({ path: `assumptions.${name}.name`, message: `an assumption is named by its key (${name}); remove "name" or make it ${JSON.stringify(name)}` });
    }
  }
  p.scenarios.forEach((s, i) => {
    if (!s.stages) return;
    const seen = new Set<string>();
    s.stages.forEach((st, k) => {
      if (seen.has(st.id)) problems.push({ path: `scenarios[${i}].stages[${k}].id`, message: `duplicate stage id ${JSON.stringify(st.id)}` });
      seen.add(st.id);
    });
    const share = s.stages.reduce((a, st) => a + st.benefitShare, 0);
    if (share > 1 + 1e-9) problems.push({ path: `scenarios[${i}].stages`, message: `the stages' benefitShare add up to ${share}, more than 1` });
  });
  if (p.roadmap) {
    const r = p.roadmap;
    if (r.phaseMonths.min > r.phaseMonths.max) problems.push({ path: 'roadmap.phaseMonths.max', message: `max (${r.phaseMonths.max}) is below min (${r.phaseMonths.min})` });
    if (r.phaseBudget.min > r.phaseBudget.max) problems.push({ path: 'roadmap.phaseBudget.max', message: `max (${r.phaseBudget.max}) is below min (${r.phaseBudget.min})` });
    r.exclude.forEach((id, k) => {
      if (!ids.has(id)) problems.push({ path: `roadmap.exclude[${k}]`, message: `no scenario has the id ${JSON.stringify(id)}` });
    });
    const components = new Set<string>();
    r.sharedComponents.forEach((c, k) => {
      if (components.has(c.id)) problems.push({ path: `roadmap.sharedComponents[${k}].id`, message: `duplicate component id ${JSON.stringify(c.id)}` });
      components.add(c.id);
      c.usedBy.forEach((id, j) => {
        if (!ids.has(id)) problems.push({ path: `roadmap.sharedComponents[${k}].usedBy[${j}]`, message: `no scenario has the id ${JSON.stringify(id)}` });
      });
    });
  }
  const cycle = findRequiresCycle(p.scenarios);
  if (cycle) problems.push({ path: `scenarios[${cycle.index}].requires`, message: `dependency cycle: ${cycle.ids.join(' → ')}` });
  const names = new Map<string, string>();
  for (const name of Object.keys(p.assumptions)) names.set(name, `assumptions.${name}`);
  p.scenarios.forEach((s, i) =>
    walkQuantities(s, (q, path) => {
      const where = `scenarios[${i}].${path}`;
      if (isRef(q) && !(q.ref in p.assumptions)) {
        problems.push({ path: where, message: `refers to the assumption ${JSON.stringify(q.ref)}, which the proposal does not define` });
      } else if (isRef(q)) {
        const domain = REF_DOMAINS.get(q);
        const problem = domain ? domainProblem(p.assumptions[q.ref], domain) : null;
        if (problem) problems.push({ path: where, message: `the assumption ${JSON.stringify(q.ref)} does not fit here: it ${problem}` });
      }
      if (isUncertain(q) && q.name !== undefined) {
        const other = names.get(q.name);
        if (other) problems.push({ path: `${where}.name`, message: `the name ${JSON.stringify(q.name)} is already used by ${other}` });
        else names.set(q.name, where);
      }
    }),
  );
  if (problems.length) return;
  const seen = new Map<string, number>();
  p.correlations.forEach((c, k) => {
    const [a, b] = c.between;
    if (a === b) problems.push({ path: `correlations[${k}].between`, message: `an input cannot be correlated with itself (${a})` });
    const key = [a, b].sort().join('\u0000');
    if (seen.has(key)) problems.push({ path: `correlations[${k}]`, message: `${a} ~ ${b} is already given in correlations[${seen.get(key)}]` });
    seen.set(key, k);
    for (const [j, name] of [a, b].entries()) {
      const q = name in p.assumptions ? p.assumptions[name] : undefined;
      if (typeof q === 'number') problems.push({ path: `correlations[${k}].between[${j}]`, message: `${name} is a fixed number: only uncertain inputs can be correlated` });
      else if (!names.has(name)) problems.push({ path: `correlations[${k}].between[${j}]`, message: `no uncertain input is named ${JSON.stringify(name)}` });
    }
  });
  if (problems.length) return;
  const { problems: corr } = correlationGroups({ ...p, inputHash: '' }, new VariableSet({ ...p, inputHash: '' }));
  for (const c of corr) problems.push({ path: `correlations[${c.index}]`, message: c.message });
}

/** The first cycle in the scenarios' `requires` graph, as ids from a scenario back to itself, or null. */
function findRequiresCycle(scenarios: readonly Scenario[]): { index: number; ids: string[] } | null {
  const byId = new Map(scenarios.map((s, i) => [s.id, { s, i }]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done' || !byId.has(id)) return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const r of byId.get(id)!.s.requires) {
      const found = visit(r);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const s of scenarios) {
    const ids = visit(s.id);
    if (ids) return { index: byId.get(ids[0])!.i, ids };
  }
  return null;
}

/**
 * JSON with object keys sorted, so the hash does not depend on key order.
 * @example canonicalJson({ b: 1, a: [2] }) // '{"a":[2],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * SHA-256 (hex) of the canonical JSON of the normalised proposal (DESIGN §5).
 * @example hashProposal(proposalWithoutHash) // 64 hex digits
 */
export function hashProposal(p: Omit<Proposal, 'inputHash'>): string {
  return createHash('sha256').update(canonicalJson(p)).digest('hex');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
