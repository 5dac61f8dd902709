import type { z } from 'zod';
import type { scenarioSchema } from './proposal-schema.js';

/** A scenario as written in a proposal (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/**
 * A reusable use case: a complete scenario with ranges a consultant can start
 * from, where every figure is either sourced or labelled as illustrative.
 */
export interface Template {
  /** Stable id, used as `"template": "<id>"` in a proposal. */
  id: string;
  title: { en: string; 'zh-CN': string };
  summary: { en: string; 'zh-CN': string };
  /** Where the figures come from; each entry says which inputs it grounds. */
  sources: { ref: string; grounds: string }[];
  /** Inputs whose ranges are illustrative guesses to be replaced in the workshop. */
  illustrative: string[];
  /** The scenario; its `id` is a suggestion that a proposal may override. */
  scenario: ScenarioInput;
}
