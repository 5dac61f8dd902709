import type { Template } from '../template.js';

/**
 * Legal / administrative enforcement case assistant on a privately deployed
 * open-source model, trained on cleaned and annotated case files.
 */
export const template: Template = {
  id: 'legal-case-assistant',
  title: {
    en: 'Legal and administrative enforcement case assistant',
    'zh-CN': '法律与行政执法办案助手',
  },
  summary: {
    en: 'A privately deployed open-source model helps case officers find the legal basis, check procedure step by step and draft case documents. Public case data lacks the step-by-step process, so cleaning and annotating the organisation\'s own case files is a real one-off cost, and the GPUs are bought. A larger, slower investment: split it into stages.',
    'zh-CN': '私有化部署的开源大模型协助办案人员查找法律依据、逐步核对程序并起草案件文书。公开案例数据缺少办案过程数据，因此清洗和标注本单位案卷是一笔实实在在的一次性投入，GPU也需要自购。投资较大、回收较慢，宜分阶段实施。',
  },
  sources: [
    {
      ref: 'presales field notes: legal / administrative law enforcement',
      grounds:
        'private deployment of an open-source model (costs[2] with deployment "private"); costs[1].amount: data cleaning and annotation as a real cost because public case data lacks step-by-step process data',
    },
    {
      ref: 'presales field notes: costs and deployment (private computing power is expensive)',
      grounds: 'costs[2].gpus and costs[2].pricePerGpu: one inference server bought outright, plus power and operations each month',
    },
    {
      ref: 'presales field notes: costs and deployment (O&M after go-live needs long-term budget)',
      grounds: 'costs[3].monthly and costs[4].rateOfOneOffPerYear',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.rampMonths',
    'benefits[0].volumePerMonth',
    'benefits[0].minutesBefore',
    'benefits[0].minutesAfter',
    'benefits[0].costPerHour',
    'benefits[0].realization',
    'benefits[1].volumePerMonth',
    'benefits[1].errorRate',
    'benefits[1].reduction',
    'benefits[1].costPerError',
    'costs[0].amount',
    'costs[1].amount',
    'costs[2].gpus',
    'costs[2].pricePerGpu',
    'costs[2].monthlyOperations',
    'costs[3].monthly',
    'costs[4].rateOfOneOffPerYear',
  ],
  scenario: {
    id: 'legal-case-assistant',
    name: 'Legal case assistant',
    description:
      'Case assistant for about 900 enforcement or legal cases a month: legal-basis search, step-by-step procedure checks and document drafting, on an open-source model deployed on the organisation\'s own GPUs; the organisation\'s case files are cleaned and annotated first.',
    deployment: 'private',
    implementationMonths: { min: 5, mode: 7, max: 9 },
    adoption: { curve: 'linear', rampMonths: { min: 3, mode: 5, max: 8 } },
    benefits: [
      {
        kind: 'timeSavings',
        label: 'legal research and document drafting per case',
        volumePerMonth: { min: 500, mode: 900, max: 1_500 },
        minutesBefore: { min: 180, mode: 240, max: 360 },
        minutesAfter: { min: 90, mode: 140, max: 180 },
        costPerHour: { min: 90, mode: 120, max: 160 },
        realization: { min: 0.5, mode: 0.7, max: 0.9 },
      },
      {
        kind: 'errorReduction',
        label: 'fewer procedural and legal-basis errors (reconsiderations, lost suits)',
        volumePerMonth: { min: 500, mode: 900, max: 1_500 },
        errorRate: { min: 0.005, mode: 0.015, max: 0.03 },
        reduction: { min: 0.2, mode: 0.4, max: 0.6 },
        costPerError: { p5: 3_000, p95: 40_000 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'private deployment, integration and security review', amount: { min: 600_000, mode: 800_000, max: 1_200_000 } },
      { kind: 'oneOff', label: 'case-file cleaning and step-by-step annotation', amount: { min: 300_000, mode: 500_000, max: 900_000 } },
      {
        kind: 'compute',
        label: 'private GPU server',
        deployment: 'private',
        gpus: { dist: 'discrete', values: [4, 8], weights: [0.4, 0.6] },
        pricePerGpu: { min: 120_000, mode: 160_000, max: 220_000 },
        monthlyOperations: { min: 15_000, mode: 25_000, max: 40_000 },
      },
      { kind: 'recurring', label: 'legal knowledge updates and annotation upkeep', monthly: { min: 10_000, mode: 15_000, max: 25_000 } },
      { kind: 'maintenance', label: 'software maintenance', rateOfOneOffPerYear: { min: 0.08, mode: 0.1, max: 0.15 } },
    ],
  },
};
