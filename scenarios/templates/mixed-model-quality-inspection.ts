import type { Template } from '../template.js';

/**
 * Quality inspection with mixed small and large models: small models screen
 * every item, the large model judges and explains the rare hard cases.
 */
export const template: Template = {
  id: 'mixed-model-quality-inspection',
  title: {
    en: 'Quality inspection with mixed small and large models',
    'zh-CN': '大小模型协同质检',
  },
  summary: {
    en: 'Small models check every item for the frequent, easy defects (image, sound); the large model takes the rare, hard cases and explains what it found. Inspection throughput rises by orders of magnitude, manual inspection shrinks to spot checks, and fewer defects reach customers. Compute is hybrid: small models on site, the large model partly on public cloud.',
    'zh-CN': '小模型对每一件产品做高频、简单的缺陷检查（图像、声音），大模型处理少量疑难样本并给出判断依据。质检效率成数量级提升，人工质检缩减为抽检，流到客户手中的缺陷减少。算力采用混合部署：小模型在本地，大模型部分使用公有云。',
  },
  sources: [
    {
      ref: 'presales field notes: mixed small + large models for quality inspection',
      grounds:
        'the split of work (small models for frequent easy checks, the large model for rare hard ones with explanations), benefits[0].fte (far less manual inspection); the reported 1,000-fold efficiency gain is not counted in full: only redeployed inspectors are valued',
    },
    {
      ref: 'presales field notes: costs and deployment (hybrid cloud as the default)',
      grounds: 'costs[1] as a hybrid compute line: costs[1].publicShare of large-model work on public cloud, the rest on private GPUs',
    },
    {
      ref: 'presales field notes: acceptance thresholds',
      grounds: 'implementationMonths inside a 3–6 month phase; costs[0].amount plus the private GPUs sized near the ¥500k–2M budget band',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.midpoint',
    'benefits[0].fte',
    'benefits[0].annualCostPerFte',
    'benefits[1].volumePerMonth',
    'benefits[1].errorRate',
    'benefits[1].reduction',
    'benefits[1].costPerError',
    'benefits[2].volumePerMonth',
    'benefits[2].minutesSaved',
    'benefits[2].costPerHour',
    'benefits[2].realization',
    'costs[0].amount',
    'costs[1].volumePerMonth',
    'costs[1].tokensPerTask',
    'costs[1].pricePer1kTokens',
    'costs[1].priceDeclinePerYear',
    'costs[1].gpus',
    'costs[1].pricePerGpu',
    'costs[1].monthlyOperations',
    'costs[1].publicShare',
    'costs[2].monthly',
    'costs[3].rateOfOneOffPerYear',
  ],
  scenario: {
    id: 'mixed-model-quality-inspection',
    name: 'Mixed-model quality inspection',
    description:
      'Production-line inspection of about 250,000 items a month: small vision and acoustic models on edge GPUs screen every item, the large model reviews the hard cases and writes the reason for each rejection; inspectors move to spot checks and root-cause work.',
    deployment: 'hybrid',
    implementationMonths: { min: 4, mode: 5, max: 6 },
    adoption: { curve: 'logistic', steepness: 1, midpoint: { min: 2, mode: 3, max: 5 } },
    benefits: [
      {
        kind: 'headcount',
        label: 'manual inspectors redeployed',
        fte: { min: 6, mode: 10, max: 16 },
        annualCostPerFte: { min: 90_000, mode: 110_000, max: 140_000 },
      },
      {
        kind: 'errorReduction',
        label: 'fewer defects reaching customers',
        volumePerMonth: { min: 100_000, mode: 250_000, max: 500_000 },
        errorRate: { min: 0.0005, mode: 0.001, max: 0.002 },
        reduction: { min: 0.3, mode: 0.5, max: 0.7 },
        costPerError: { min: 200, mode: 500, max: 1_500 },
      },
      {
        kind: 'timeSavings',
        label: 'engineer time on hard cases (explained findings)',
        volumePerMonth: { min: 800, mode: 1_500, max: 3_000 },
        minutesSaved: { min: 10, mode: 20, max: 40 },
        costPerHour: { min: 90, mode: 120, max: 160 },
        realization: { min: 0.5, mode: 0.7, max: 0.9 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'line integration, small-model training and image labelling', amount: { min: 700_000, mode: 900_000, max: 1_300_000 } },
      {
        kind: 'compute',
        label: 'hybrid compute: edge GPUs and large-model API',
        deployment: 'hybrid',
        publicShare: { min: 0.1, mode: 0.2, max: 0.3 },
        volumePerMonth: { min: 800, mode: 1_500, max: 3_000 },
        tokensPerTask: { min: 5_000, mode: 10_000, max: 20_000 },
        pricePer1kTokens: { min: 0.004, mode: 0.008, max: 0.02 },
        priceDeclinePerYear: 0.2,
        gpus: { min: 2, mode: 4, max: 4 },
        pricePerGpu: { min: 60_000, mode: 90_000, max: 130_000 },
        monthlyOperations: { min: 8_000, mode: 12_000, max: 18_000 },
      },
      { kind: 'recurring', label: 'model operations and retraining', monthly: { min: 15_000, mode: 25_000, max: 35_000 } },
      { kind: 'maintenance', label: 'software and edge-device maintenance', rateOfOneOffPerYear: { min: 0.08, mode: 0.12, max: 0.15 } },
    ],
  },
};
