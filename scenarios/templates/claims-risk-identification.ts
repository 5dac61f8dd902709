import type { Template } from '../template.js';

/**
 * Insurance claims risk identification: every incoming claim is scored and
 * explained by a model; adjusters look first at the flagged ones.
 */
export const template: Template = {
  id: 'claims-risk-identification',
  title: {
    en: 'Insurance claims risk identification',
    'zh-CN': '保险理赔风险识别',
  },
  summary: {
    en: 'A model reads each claim with its documents and history, flags padding, duplicate and suspicious claims with reasons, and routes clean claims to fast settlement. The gain is claims leakage stopped before payment, organised fraud caught earlier, and less adjuster time on triage.',
    'zh-CN': '模型读取每一笔理赔的材料和历史记录，标出虚增、重复和可疑案件并说明理由，清洁案件进入快速理赔通道。收益来自赔付前拦截的理赔渗漏、更早识别的团伙欺诈，以及理赔员分拣时间的减少。',
  },
  sources: [
    {
      ref: 'presales field notes: scenarios reported (risk identification in insurance claims)',
      grounds: 'the use case itself, named as the next step after knowledge assistants; benefits[0] (leakage) and benefits[1] (fraud) as its value lines',
    },
    {
      ref: 'presales field notes: how customers judge value (fewer human errors)',
      grounds: 'benefits[0] counted as errorReduction: leakage that manual review lets through',
    },
    {
      ref: 'presales field notes: acceptance thresholds',
      grounds: 'implementationMonths inside a 3–6 month phase; costs[0].amount + costs[1].amount inside the ¥500k–2M budget band',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.rampMonths',
    'benefits[0].volumePerMonth',
    'benefits[0].errorRate',
    'benefits[0].reduction',
    'benefits[0].costPerError',
    'benefits[1].eventsPerYear',
    'benefits[1].reduction',
    'benefits[1].impact',
    'benefits[2].volumePerMonth',
    'benefits[2].minutesSaved',
    'benefits[2].costPerHour',
    'benefits[2].realization',
    'costs[0].amount',
    'costs[1].amount',
    'costs[2].volumePerMonth',
    'costs[2].tokensPerTask',
    'costs[2].pricePer1kTokens',
    'costs[2].priceDeclinePerYear',
    'costs[3].monthly',
    'costs[4].rateOfOneOffPerYear',
  ],
  scenario: {
    id: 'claims-risk-identification',
    name: 'Claims risk identification',
    description:
      'Risk scoring and explanation for every incoming claim of a regional property and casualty book (about 6,000 claims a month): leakage and fraud flags before payment, fast track for clean claims.',
    deployment: 'public',
    implementationMonths: { min: 3, mode: 4, max: 5 },
    adoption: { curve: 'linear', rampMonths: { min: 2, mode: 3, max: 4 } },
    benefits: [
      {
        kind: 'errorReduction',
        label: 'claims leakage stopped before payment',
        volumePerMonth: { min: 4_000, mode: 6_000, max: 9_000 },
        errorRate: { min: 0.02, mode: 0.04, max: 0.07 },
        reduction: { min: 0.08, mode: 0.15, max: 0.25 },
        costPerError: { p5: 1_500, p95: 15_000 },
      },
      {
        kind: 'riskAvoidance',
        label: 'organised fraud detected earlier',
        eventsPerYear: { min: 0.5, mode: 1.5, max: 4 },
        reduction: { min: 0.2, mode: 0.4, max: 0.6 },
        impact: { p5: 300_000, p95: 3_000_000 },
      },
      {
        kind: 'timeSavings',
        label: 'adjuster triage time',
        volumePerMonth: { min: 4_000, mode: 6_000, max: 9_000 },
        minutesSaved: { min: 5, mode: 10, max: 20 },
        costPerHour: { min: 80, mode: 100, max: 130 },
        realization: { min: 0.4, mode: 0.6, max: 0.8 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'implementation and claims-system integration', amount: { min: 600_000, mode: 800_000, max: 1_100_000 } },
      { kind: 'oneOff', label: 'labelling historical claims', amount: { min: 100_000, mode: 200_000, max: 350_000 } },
      {
        kind: 'compute',
        label: 'model API',
        volumePerMonth: { min: 4_000, mode: 6_000, max: 9_000 },
        tokensPerTask: { min: 8_000, mode: 20_000, max: 40_000 },
        pricePer1kTokens: { min: 0.004, mode: 0.008, max: 0.02 },
        priceDeclinePerYear: 0.2,
      },
      { kind: 'recurring', label: 'model monitoring and rule tuning', monthly: { min: 20_000, mode: 30_000, max: 45_000 } },
      { kind: 'maintenance', label: 'software maintenance', rateOfOneOffPerYear: { min: 0.1, mode: 0.15, max: 0.2 } },
    ],
  },
};
