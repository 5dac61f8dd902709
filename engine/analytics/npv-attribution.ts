import { summarize } from '../metrics/summaries.js';
import type { Proposal } from '../model/proposal.js';
import { type SimulateOptions, simulate } from '../model/simulate.js';
import type { ProposalDiff } from './proposal-diff.js';

/**
 * Each scenario's change in median NPV between two proposal versions,
 * attributed to the changed inputs one at a time, as the tornado does: the
 * "from" proposal with that one input set to its "to" value, simulated on the
 * same trials (same seed, trials and sampler: common random numbers). What the
 * single changes do not explain — their interaction, and changes that cannot
 * be applied alone (lines or scenarios added or removed) — is the residual,
 * stated, never spread (docs/methodology.md, "Comparing versions"). With one
 * changed input the attribution is the observed change and the residual 0.
 */

export interface Attribution {
  /** The input's path, as in ProposalDiff. */
  path: string;
  /** Median NPV of the "from" proposal with this input alone changed, minus the "from" median; null when it cannot be applied alone. */
  npvP50Change: number | null;
}

export interface ScenarioAttribution {
  id: string;
  from: number | null;
  to: number | null;
  /** to − from. */
  observed: number | null;
  attributions: Attribution[];
  /** observed − Σ attributions: the interaction of the changes and what cannot be applied alone. */
  residual: number | null;
}

type Mutable = Record<string | number, unknown>;

/** A copy of `from` with the value at `path` (as ProposalDiff names it) taken from `to`; null when `from` has no such place. */
function withChange(from: Proposal, to: Proposal, path: string): Proposal | null {
  const copy = structuredClone(from) as unknown as Mutable;
  const source = to as unknown as Mutable;
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)) parts.push(m[2] ?? m[1]);
  const locate = (root: Mutable): { parent: Mutable; key: string | number } | null => {
    let node: unknown = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i];
      if (Array.isArray(node)) {
        const byId = node.findIndex((x) => x && typeof x === 'object' && (x as { id?: unknown }).id === part);
        node = byId >= 0 ? node[byId] : /^\d+$/.test(String(part)) ? node[Number(part)] : undefined;
      } else node = node && typeof node === 'object' ? (node as Mutable)[part] : undefined;
      if (node === undefined) return null;
    }
    const last = parts[parts.length - 1];
    return node && typeof node === 'object' ? { parent: node as Mutable, key: Array.isArray(node) ? Number(last) : last } : null;
  };
  const target = locate(copy);
  const value = locate(source);
  if (!target || !value || !(value.key in value.parent)) return null;
  target.parent[target.key] = structuredClone(value.parent[value.key]);
  return copy as unknown as Proposal;
}

function medians(p: Proposal, options: SimulateOptions): Map<string, number | null> {
  const sim = simulate(p, options);
  return new Map(p.scenarios.map((s) => [s.id, summarize(sim.byScenario.get(s.id)!.npv).p50]));
}

/**
 * Attributes each common scenario's median NPV change to the changed inputs and fields of `diff`, one at a time.
 * @example attributeNpvChanges(v1, v2, diffProposals(v1, v2), { trials: 10000, seed: 7 })[0].residual // 0 for one changed input
 */
export function attributeNpvChanges(from: Proposal, to: Proposal, diff: ProposalDiff, options: SimulateOptions): ScenarioAttribution[] {
  const base = medians(from, options);
  const final = medians(to, options);
  const changes = [...diff.inputs.changed.map((c) => c.path), ...diff.fields.filter((f) => f.before !== undefined && f.after !== undefined).map((f) => f.path)];
  const single = changes.map((path) => {
    const changed = withChange(from, to, path);
    if (!changed) return { path, medians: null };
    try {
      return { path, medians: medians(changed, options) };
    } catch {
      return { path, medians: null }; // e.g. a ref to an assumption only the new version defines
    }
  });
  const common = from.scenarios.filter((s) => final.has(s.id));
  return common.map((s) => {
    const a = base.get(s.id) ?? null;
    const b = final.get(s.id) ?? null;
    const attributions = single
      .map(({ path, medians: m }) => {
        const v = m?.get(s.id);
        return { path, npvP50Change: v === undefined || v === null || a === null ? null : v - a };
      })
      .filter((x) => x.npvP50Change !== 0);
    const observed = a !== null && b !== null ? b - a : null;
    const explained = attributions.reduce((sum, x) => sum + (x.npvP50Change ?? 0), 0);
    return { id: s.id, from: a, to: b, observed, attributions, residual: observed === null ? null : observed - explained };
  });
}
