import type { Template } from '../template.js';

/**
 * Equipment O&M design-document review: a large model pre-checks each design
 * document against the rule base and an engineer confirms its findings.
 */
export const template: Template = {
  id: 'om-design-review',
  title: {
    en: 'Equipment O&M design-document review',
    'zh-CN': '设备运维设计文档智能审查',
  },
  summary: {
    en: 'A large model screens O&M design documents against standards and past defects; an engineer confirms its findings. Review time per document drops from about two hours to about ten minutes, and far fewer design flaws slip through to construction, where a single one can cost millions of yuan.',
    'zh-CN': '大模型依据规范和历史缺陷对运维设计文档进行预审，工程师复核审查结论。单份文档审查时间由约两小时缩短至十分钟左右，漏检的设计缺陷大幅减少——一个漏到施工阶段的缺陷就可能造成数百万元损失。',
  },
  sources: [
    {
      ref: 'presales field notes: O&M example',
      grounds:
        'benefits[0].minutesBefore (≈2 h of manual checking per document), benefits[0].minutesAfter (≈10 min with model plus reviewer), benefits[1].reduction (miss rate cut by ~90%), benefits[1].impact (one flawed design can cost millions of yuan)',
    },
    {
      ref: 'presales field notes: acceptance thresholds',
      grounds: 'implementationMonths kept inside a 3–6 month phase; costs[0].amount + costs[1].amount sized inside the ¥500k–2M budget band',
    },
    {
      ref: 'presales field notes: costs and deployment (O&M after go-live needs long-term budget)',
      grounds: 'costs[3].monthly and costs[4].rateOfOneOffPerYear: a standing operations and maintenance line',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.rampMonths',
    'benefits[0].volumePerMonth',
    'benefits[0].costPerHour',
    'benefits[0].realization',
    'benefits[1].eventsPerYear',
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
    id: 'om-design-review',
    name: 'O&M design-document review',
    description:
      'Design documents for equipment installation, retrofit and maintenance are pre-reviewed by a large model (standards, checklists, past defect cases); an engineer confirms each finding. Review hours are the short-term gain; design flaws caught before construction are the large one.',
    deployment: 'public',
    implementationMonths: { min: 3, mode: 3, max: 5 },
    adoption: { curve: 'linear', rampMonths: { min: 1, mode: 2, max: 4 } },
    benefits: [
      {
        kind: 'timeSavings',
        label: 'review hours per document',
        volumePerMonth: { min: 200, mode: 300, max: 500 },
        minutesBefore: { min: 90, mode: 120, max: 160 },
        minutesAfter: { min: 8, mode: 10, max: 20 },
        costPerHour: { min: 90, mode: 120, max: 160 },
        realization: { min: 0.65, mode: 0.8, max: 0.95 },
      },
      {
        kind: 'riskAvoidance',
        label: 'costly design flaws caught before construction',
        eventsPerYear: { min: 0.3, mode: 0.6, max: 1.5 },
        reduction: { min: 0.8, mode: 0.9, max: 0.95 },
        impact: { p5: 800_000, p95: 6_000_000 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'implementation and integration with the document system', amount: { min: 400_000, mode: 500_000, max: 700_000 } },
      { kind: 'oneOff', label: 'review rule base and defect-case ingestion', amount: { min: 100_000, mode: 130_000, max: 200_000 } },
      {
        kind: 'compute',
        label: 'model API',
        volumePerMonth: { min: 200, mode: 300, max: 500 },
        tokensPerTask: { min: 80_000, mode: 150_000, max: 400_000 },
        pricePer1kTokens: { min: 0.004, mode: 0.008, max: 0.02 },
        priceDeclinePerYear: 0.2,
      },
      { kind: 'recurring', label: 'operations and rule-base upkeep', monthly: { min: 8_000, mode: 12_000, max: 20_000 } },
      { kind: 'maintenance', label: 'software maintenance', rateOfOneOffPerYear: { min: 0.1, mode: 0.15, max: 0.2 } },
    ],
  },
};
