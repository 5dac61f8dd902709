/// <reference types="node" />
/**
 * Every scenario's report of a run, on this thread and idle helpers: the
 * scenarios are claimed one at a time, each helper posts the reports it built
 * on a port of its own, and this thread waits (Atomics.wait) for any helper
 * still inside the task, then reads the reports from the ports (receiveMessageOnPort).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { StageTrials } from '../decision/stage-trials.js';
import type { Proposal } from '../model/proposal.js';
import type { Simulation } from '../model/simulate.js';
import type { ScenarioReport } from '../report.js';
import { InputRanks } from '../analytics/sensitivity.js';
import { scenarioReport } from '../scenario-report.js';
import { DEFAULT_TRIALS } from '../constants.js';
import { VariableSet } from '../sampling/variables.js';
import { defaultThreads, enterJob, helper, leaveJob, waitForHelpers } from './simulation-threads.js';

/** What a helper needs to build scenario reports: the simulation without its variables (functions do not cross threads; a helper rebuilds them). */
export interface ReportsTask {
  kind: 'reports';
  proposal: Proposal;
  sim: Omit<Simulation, 'variables' | 'columns'>;
  stages: Map<string, StageTrials[]>;
  /** [next scenario to claim, helpers inside the task] */
  control: Int32Array;
  port: MessagePort;
}

const NEXT_SCENARIO = 0;
const HELPERS_ACTIVE = 1;

/**
 * Builds the reports of scenarios claimed from `task.control` until none is
 * left, handing each to `done` (the same code on every thread).
 */
export function buildClaimedReports(task: Omit<ReportsTask, 'kind' | 'port'> & { sim: Simulation }, ranks: InputRanks, done: (index: number, report: ScenarioReport) => void): void {
  const scenarios = task.proposal.scenarios;
  for (let i = Atomics.add(task.control, NEXT_SCENARIO, 1); i < scenarios.length; i = Atomics.add(task.control, NEXT_SCENARIO, 1)) {
    done(i, scenarioReport(task.proposal, scenarios[i], task.sim, ranks, task.stages.get(scenarios[i].id)));
  }
}

/**
 * The report of every scenario, in the proposal's order, built on `threads`
 * threads. Each report depends only on the proposal and the simulation, so the
 * result is the same whichever thread built which; a report a helper did not
 * deliver (it failed) is built here.
 */
export function scenarioReports(proposal: Proposal, sim: Simulation, ranks: InputRanks, stages: Map<string, StageTrials[]>, threads: number): ScenarioReport[] {
  const scenarios = proposal.scenarios;
  const reports: (ScenarioReport | undefined)[] = new Array(scenarios.length);
  const helpers = Math.min(threads, scenarios.length) - 1;
  const control = new Int32Array(new SharedArrayBuffer(8));
  const ports: MessagePort[] = [];
  if (helpers > 0) {
    const { variables: _variables, columns: _columns, ...shared } = sim;
    for (let h = 0; h < helpers; h++) {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      const task: ReportsTask = { kind: 'reports', proposal, sim: shared, stages, control, port: port2 };
      helper(h).postMessage(task, [port2]);
    }
  }
  buildClaimedReports({ proposal, sim, stages, control }, ranks, (i, r) => (reports[i] = r));
  waitForHelpers(control, HELPERS_ACTIVE);
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const { index, report } = m.message as { index: number; report: ScenarioReport };
      reports[index] = report;
    }
    port.close();
  }
  return reports.map((r, i) => r ?? scenarioReport(proposal, scenarios[i], sim, ranks, stages.get(scenarios[i].id)));
}

/** A helper's share of a reports task: the reports it claims, posted on its port; counted in while it works (see waitForHelpers). */
export function helpWithReports(task: ReportsTask): void {
  enterJob(task.control, HELPERS_ACTIVE);
  try {
    const sim: Simulation = { ...task.sim, variables: new VariableSet(task.proposal) };
    buildClaimedReports({ ...task, sim }, new InputRanks(sim), (index, report) => task.port.postMessage({ index, report }));
  } catch {
    // What it did not deliver, the waiting thread builds.
  } finally {
    task.port.close();
    leaveJob(task.control, HELPERS_ACTIVE);
  }
}

/** Trials × scenarios from which scenario reports are shared with helpers by default (the demo at 10,000 trials is 70,000). */
export const PARALLEL_REPORTS_MIN_TRIAL_SCENARIOS = 50_000;

/** Threads that build a run's scenario reports: as asked (at most one per scenario), or by default every core for a large run of several scenarios. */
export function reportThreads(proposal: Proposal, options: { threads?: number; trials?: number; autoTrials?: unknown }): number {
  const scenarios = proposal.scenarios.length;
  if (options.threads !== undefined) return Math.max(1, Math.min(options.threads, scenarios));
  const large = options.autoTrials !== undefined || (options.trials ?? DEFAULT_TRIALS) * scenarios >= PARALLEL_REPORTS_MIN_TRIAL_SCENARIOS;
  return scenarios > 1 && large ? Math.min(defaultThreads(), scenarios) : 1;
}
