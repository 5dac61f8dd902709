import type { GateResult } from './gates.js';

/**
 * The ROI score for CRM (0–100): round(100 × joint gate probability), the
 * share of futures in which payback, budget and phase gates all pass at once.
 * @example score({ payback: 0.9, budget: 1, phase: 1, joint: 0.874 }) // 87
 */
export function score(gates: GateResult): number {
  return Math.round(100 * gates.joint);
}
