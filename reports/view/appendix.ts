import type { ViewContext } from './context.js';

/** The appendix and the provenance lines: the method, the rules, the figures that reproduce the run. */
export interface AppendixView {
  /** The method in a paragraph. */
  method: string;
  /** How value of information was estimated. */
  valueOfInformation: string;
  /** The acceptance rules, one line each. */
  policy: string[];
  /** Seed, trials, sampler, engine and input hash. */
  reproduce: string;
  /** The same in one short line (the terminal's last line). */
  provenance: string;
  /** How --auto-trials chose the trial count, when it did. */
  autoTrials: string | null;
  /** Notes on the method that apply to the whole run (a horizon shorter than the "consider" threshold). */
  notes: string[];
}

/**
 * The appendix of a Report in words.
 * @example appendixView(ctx).reproduce // "Seed 7 · 100,000 trials · Latin hypercube sampling · engine closedloop 0.1.0 · input hash …"
 */
export function appendixView(ctx: ViewContext): AppendixView {
  const { f, report } = ctx;
  const pol = report.policy;
  const run = report.run;
  const sampler = f.t(run.sampler === 'lhs' ? 'sampler.lhs' : 'sampler.mc');
  const auto = run.autoTrials;
  const relative = (x: number | null) => (x === null ? f.t('cli.autoTrials.undefined') : `${(x * 100).toFixed(2)}%`);
  return {
    method: f.t('appendix.method', {
      trials: f.count(run.trials),
      sampler,
      rate: f.percent(report.proposal.discountRate),
      payback: f.monthCount(pol.paybackMonths),
      confidence: f.percent(pol.confidence),
    }),
    valueOfInformation: ctx.sentences.of('method', report.valueOfInformation.method),
    policy: [
      f.t('appendix.policy.payback', { months: f.monthCount(pol.paybackMonths) }),
      f.t('appendix.policy.consider', { months: f.monthCount(pol.considerMonths) }),
      f.t('appendix.policy.budget', { min: f.money(pol.budget.min), max: f.money(pol.budget.max) }),
      f.t('appendix.policy.phase', { min: f.monthCount(pol.phaseMonths.min), max: f.monthCount(pol.phaseMonths.max) }),
      f.t('appendix.policy.confidence', { confidence: f.percent(pol.confidence) }),
    ],
    reproduce: f.t('appendix.reproduce', { seed: run.seed, trials: f.count(run.trials), sampler, engine: report.engine.name, version: report.engine.version, hash: run.inputHash }),
    provenance: f.t('cli.provenance', { trials: f.count(run.trials), seed: run.seed, sampler, engine: report.engine.name, version: report.engine.version, hash: run.inputHash.slice(0, 12) }),
    autoTrials: auto
      ? f.t(auto.stoppedBy === 'precision' ? 'cli.autoTrials.precision' : 'cli.autoTrials.cap', {
          trials: f.count(auto.stoppedBy === 'precision' ? run.trials : auto.maxTrials),
          achieved: relative(auto.achievedRelativeSe),
          target: relative(auto.targetRelativeSe),
        })
      : null,
    notes: report.scenarios.some((s) => s.verdictBasis.horizonLimited)
      ? [f.t('cli.horizonNote', { horizon: report.proposal.horizonMonths, consider: f.monthCount(pol.considerMonths) })]
      : [],
  };
}
