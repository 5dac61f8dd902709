import { z } from 'zod';
import { verdictSchema } from './report.js';

// report.ts imports this file: the verdict enum is read lazily, when the schema first parses.
const verdict = z.lazy(() => verdictSchema);

/**
 * The Report's `policySweep`: each scenario's verdict and score over a grid of
 * acceptance policies, from the same trials (engine/analytics/policy-sweep.ts).
 * Indexed [payback][confidence][budget ceiling] by the positions in `axes`, so
 * a slider or a table reads one cell per setting.
 */
export const policySweepSchema = z.object({
  axes: z.object({
    /** Payback limits in months (the accept gate), ascending; includes the proposal's own. */
    paybackMonths: z.array(z.number()),
    /** Confidence levels, ascending; includes the proposal's own. */
    confidence: z.array(z.number()),
    /** Budget ceilings in the proposal's currency, ascending; includes the proposal's own. */
    budgetMax: z.array(z.number()),
  }),
  /** The proposal's own policy: its position on each axis. */
  current: z.object({ paybackMonths: z.number().int(), confidence: z.number().int(), budgetMax: z.number().int() }),
  scenarios: z.array(
    z.object({
      id: z.string(),
      /** verdicts[i][j][k] at paybackMonths[i], confidence[j], budgetMax[k]. */
      verdicts: z.array(z.array(z.array(verdict))),
      /** scores[i][j][k], the 0–100 ROI score at that policy. */
      scores: z.array(z.array(z.array(z.number()))),
    }),
  ),
});
export type PolicySweep = z.infer<typeof policySweepSchema>;
