import type { Template } from '../template.js';

/**
 * Remote-banking knowledge assistant: agents of a remote (telephone / video)
 * banking centre get answers from multimodal knowledge retrieval during calls.
 */
export const template: Template = {
  id: 'remote-banking-assistant',
  title: {
    en: 'Remote-banking knowledge assistant',
    'zh-CN': '远程银行知识助手',
  },
  summary: {
    en: 'Agents in a remote-banking centre search products, rules and procedures by voice or text during a call and get cited answers. The reference case cut call time by about 10% and raised staff efficiency by about 18%; fewer wrong answers and complaints come on top.',
    'zh-CN': '远程银行坐席在通话中通过语音或文字检索产品、制度和流程，获得带出处的答案。参考案例中通话时长缩短约10%，员工效率提升约18%，同时减少答错和投诉。',
  },
  sources: [
    {
      ref: 'presales field notes: remote-banking assistant (large bank)',
      grounds:
        'benefits[0].minutesSaved (≈10% of an average handle time of about 4–7 min), benefits[1].fte (≈18% efficiency gain applied to the after-call and knowledge-lookup work of the centre; the centre size is illustrative), multimodal retrieval and interactive search as the scope',
    },
    {
      ref: 'presales field notes: knowledge scenarios first',
      grounds: 'knowledge assistants as an early, low-risk use case: adoption ramps quickly once the knowledge base is in place',
    },
    {
      ref: 'presales field notes: acceptance thresholds',
      grounds: 'implementationMonths kept inside a 3–6 month phase; costs[0].amount inside the ¥500k–2M budget band',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.midpoint',
    'benefits[0].volumePerMonth',
    'benefits[0].costPerHour',
    'benefits[0].realization',
    'benefits[1].fte',
    'benefits[1].annualCostPerFte',
    'benefits[2].volumePerMonth',
    'benefits[2].errorRate',
    'benefits[2].reduction',
    'benefits[2].costPerError',
    'costs[0].amount',
    'costs[1].volumePerMonth',
    'costs[1].tokensPerTask',
    'costs[1].pricePer1kTokens',
    'costs[1].priceDeclinePerYear',
    'costs[2].monthly',
    'costs[3].rateOfOneOffPerYear',
  ],
  scenario: {
    id: 'remote-banking-assistant',
    name: 'Remote-banking knowledge assistant',
    description:
      'A knowledge assistant for a remote-banking centre of about 100 seats: multimodal retrieval over products, rules and procedures, interactive search during calls, suggested answers with citations.',
    deployment: 'public',
    implementationMonths: { min: 3, mode: 4, max: 6 },
    adoption: { curve: 'logistic', steepness: 0.8, midpoint: { min: 2, mode: 3, max: 5 } },
    benefits: [
      {
        kind: 'timeSavings',
        label: 'shorter calls (about −10% handle time)',
        volumePerMonth: { min: 60_000, mode: 90_000, max: 130_000 },
        minutesSaved: { min: 0.35, mode: 0.55, max: 0.8 },
        costPerHour: { min: 60, mode: 75, max: 95 },
        realization: { min: 0.5, mode: 0.7, max: 0.9 },
      },
      {
        kind: 'headcount',
        label: 'staff efficiency (about +18%) on after-call work',
        fte: { min: 3, mode: 5, max: 8 },
        annualCostPerFte: { min: 110_000, mode: 140_000, max: 180_000 },
      },
      {
        kind: 'errorReduction',
        label: 'fewer wrong answers and complaints',
        volumePerMonth: { min: 60_000, mode: 90_000, max: 130_000 },
        errorRate: { min: 0.005, mode: 0.01, max: 0.02 },
        reduction: { min: 0.2, mode: 0.35, max: 0.5 },
        costPerError: { min: 30, mode: 80, max: 200 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'implementation: retrieval, call-centre integration, knowledge base', amount: { min: 600_000, mode: 850_000, max: 1_200_000 } },
      {
        kind: 'compute',
        label: 'model API',
        volumePerMonth: { min: 60_000, mode: 90_000, max: 130_000 },
        tokensPerTask: { min: 2_000, mode: 4_000, max: 8_000 },
        pricePer1kTokens: { min: 0.004, mode: 0.008, max: 0.02 },
        priceDeclinePerYear: 0.2,
      },
      { kind: 'recurring', label: 'knowledge operations (content upkeep, answer review)', monthly: { min: 15_000, mode: 25_000, max: 35_000 } },
      { kind: 'maintenance', label: 'software maintenance', rateOfOneOffPerYear: { min: 0.1, mode: 0.15, max: 0.2 } },
    ],
  },
};
