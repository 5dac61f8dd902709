import type { Benefit, Quantity } from './proposal.js';

/**
 * A benefit line's monthly value at full adoption as a product of inputs
 * (DESIGN §4.3). `minutes` is set for timeSavings: minutesSaved, or
 * before − after; it enters the product in hours (÷ 60, folded into `scale`).
 */
export interface BenefitFormula {
  factors: Quantity[];
  scale: number;
  minutes?: { saved: Quantity } | { before: Quantity; after: Quantity };
}

/**
 * Per benefit kind, its monthly value at full adoption as factors × scale.
 * @example benefitFormula(headcountLine) // { factors: [fte, annualCostPerFte], scale: 1/12 }
 */
export function benefitFormula(line: Benefit): BenefitFormula {
  switch (line.kind) {
    case 'timeSavings':
      // volume × (minutesBefore − minutesAfter)/60 × costPerHour × realization
      return {
        factors: [line.volumePerMonth, line.costPerHour, line.realization],
        scale: 1 / 60,
        minutes:
          line.minutesSaved !== null
            ? { saved: line.minutesSaved }
            : { before: line.minutesBefore as Quantity, after: line.minutesAfter as Quantity },
      };
    case 'headcount':
      // fte × annualCostPerFte / 12
      return { factors: [line.fte, line.annualCostPerFte], scale: 1 / 12 };
    case 'errorReduction':
      return { factors: [line.volumePerMonth, line.errorRate, line.reduction, line.costPerError], scale: 1 };
    case 'revenue':
      return { factors: [line.volumePerMonth, line.upliftRate, line.valuePerUnit, line.margin], scale: 1 };
    case 'riskAvoidance':
      // eventsPerYear / 12 × reduction × impact
      return { factors: [line.eventsPerYear, line.reduction, line.impact], scale: 1 / 12 };
    case 'custom':
      return { factors: [line.quantityPerMonth, line.unitValue], scale: 1 };
  }
}
