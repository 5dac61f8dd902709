/** The proposal of issue 10's first report, shared by the recommendation tests of the engine and of every output. */

const line = (value: number) => ({ kind: 'custom', quantityPerMonth: { min: 0.7 * value, mode: value, max: 1.4 * value }, unitValue: 1 });
const oneOff = (amount: number) => ({ kind: 'oneOff', amount: { min: 0.8 * amount, mode: amount, max: 1.3 * amount } });
export const scenario = (id: string, monthly: number, cost: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  implementationMonths: { min: 3, mode: 4, max: 5 },
  adoption: { curve: 'linear', rampMonths: 2 },
  benefits: [line(monthly)],
  costs: [oneOff(cost), { kind: 'recurring', monthly: 0.05 * monthly }],
  ...extra,
});

/**
 * The issue's case: the O&M review's public-API variant is the most valuable
 * scenario but is excluded from the roadmap and needs a platform nobody has
 * built; its private variant is the other option of the group.
 */
export function issueProposal() {
  return {
    customer: { name: 'six scenarios' },
    horizonMonths: 48,
    scenarios: [
      scenario('platform', 40_000, 1_600_000, {
        stages: [
          { id: 'foundation', implementationMonths: { min: 4, mode: 5, max: 6 }, cost: { min: 900_000, mode: 1_100_000, max: 1_400_000 }, benefitShare: 0.5 },
          { id: 'rollout', implementationMonths: { min: 3, mode: 4, max: 5 }, cost: { min: 500_000, mode: 700_000, max: 900_000 }, benefitShare: 0.5 },
        ],
      }),
      scenario('om-public', 900_000, 800_000, { requires: ['platform'] }),
      scenario('om-private', 500_000, 1_500_000, { requires: ['platform'] }),
      scenario('bot', 30_000, 60_000, { implementationMonths: 1, pricing: 'subscription' }),
      scenario('claims', 400_000, 1_200_000),
      scenario('quality', 60_000, 1_500_000),
    ],
    alternatives: [{ id: 'om-review', name: 'O&M design review', options: ['om-public', 'om-private'] }],
    roadmap: {
      exclude: ['om-public'],
      capacity: 2,
      sharedComponents: [{ id: 'gateway', name: 'model gateway', cost: { min: 150_000, mode: 250_000, max: 400_000 }, usedBy: ['claims', 'om-private'] }],
    },
  };
}
