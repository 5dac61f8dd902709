/**
 * What a pilot measured, as the engine trusts it: rows of an actuals file
 * (scenarios/actuals.ts parses and checks them) with each measure resolved
 * against the proposal. Months follow the Report's numbering (DESIGN §4.2).
 */

/** What one row observes. */
export type MeasureTarget =
  /** An uncertain input (a path within the scenario, or a shared assumption), by its variable key ("reference:benefits[0].minutesSaved", "assumption:tasksPerMonth"). */
  | { kind: 'input'; variableKey: string }
  /** The share of full adoption a(k) reached in that month (0 before go-live). */
  | { kind: 'adoption' }
  /** Money realised that month on one side: every benefit line, or every cost (one-off, running, expansions). */
  | { kind: 'cash'; side: 'benefits' | 'costs' }
  /** Money realised that month by one line: `benefits[index]` or `costs[index]` of the scenario. */
  | { kind: 'cash-line'; side: 'benefits' | 'costs'; index: number };

/** One row of actuals. */
export interface Observation {
  /** 1-based data row of the file (the header is not counted), for messages. */
  row: number;
  scenario: string;
  month: number;
  /** The measure as written ("benefits[0].minutesSaved", "cash:operations"). */
  measure: string;
  target: MeasureTarget;
  /** The observation: a sample mean when n > 1. */
  value: number;
  /** Sample size of a measured mean, when given. */
  n: number | null;
  /** Sample standard deviation behind a measured mean, when given. */
  sd: number | null;
}

/** A checked actuals file. */
export interface Actuals {
  /** The last month the actuals speak for: --as-of, else the latest month of a row. */
  asOfMonth: number;
  observations: Observation[];
}
