/**
 * The acceptance policy's functions in one import (DESIGN §4.5): gates,
 * verdict, score and advice, each defined in its own file.
 */
export { type GateResult, evaluateGates, gateRange } from './gates.js';
export { VERDICT_ORDER, verdict } from './verdict.js';
export { score } from './score.js';
export { type AdviceContext, advise } from './advice.js';
