import type { Template } from '../template.js';

/**
 * E-commerce pre- and after-sales assistant: a small, subscription-priced
 * service that answers routine questions and drafts replies for agents.
 */
export const template: Template = {
  id: 'ecommerce-service-assistant',
  title: {
    en: 'E-commerce pre- and after-sales assistant',
    'zh-CN': '电商售前售后智能客服',
  },
  summary: {
    en: 'An assistant answers routine pre-sales and after-sales questions and drafts replies for agents in an online shop. A small set-up fee, a monthly subscription and a trial of a few weeks: a quick decision that pays for itself within months, with some conversion uplift on top.',
    'zh-CN': '为网店提供智能客服：自动回答常见的售前、售后问题，并为人工客服起草回复。少量一次性开通费加按月订阅，试用数周即可决策，数月内收回成本，还可能带来一定的转化率提升。',
  },
  sources: [
    {
      ref: 'presales field notes: acceptance thresholds (small projects decide fast, trial briefly, may be charged monthly)',
      grounds: 'costs[0].amount kept small, costs[1].monthly as a monthly subscription from the start of the trial, implementationMonths of one to two months',
    },
    {
      ref: 'presales field notes: how customers judge value (public-cloud trial versions before a PoC)',
      grounds: 'deployment on the vendor\'s public-cloud service; compute included in the subscription',
    },
    {
      ref: 'presales field notes: scenarios reported (sales assistants among the knowledge scenarios)',
      grounds: 'benefits[1]: a pre-sales conversion uplift',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.rampMonths',
    'benefits[0].volumePerMonth',
    'benefits[0].minutesSaved',
    'benefits[0].costPerHour',
    'benefits[0].realization',
    'benefits[1].volumePerMonth',
    'benefits[1].upliftRate',
    'benefits[1].valuePerUnit',
    'benefits[1].margin',
    'costs[0].amount',
    'costs[1].monthly',
    'costs[2].monthly',
  ],
  scenario: {
    id: 'ecommerce-service-assistant',
    name: 'E-commerce service assistant',
    description:
      'Pre- and after-sales assistant for an online shop with about 35,000 customer conversations a month: automatic answers to routine questions (stock, delivery, returns), drafted replies for agents, product suggestions in pre-sales chats. Sold as a monthly subscription after a short trial.',
    deployment: 'public',
    implementationMonths: { min: 1, mode: 1, max: 2 },
    adoption: { curve: 'linear', rampMonths: { min: 1, mode: 2, max: 3 } },
    benefits: [
      {
        kind: 'timeSavings',
        label: 'agent time on routine questions',
        volumePerMonth: { min: 20_000, mode: 35_000, max: 60_000 },
        minutesSaved: { min: 0.8, mode: 1.5, max: 2.5 },
        costPerHour: { min: 40, mode: 50, max: 65 },
        realization: { min: 0.5, mode: 0.7, max: 0.9 },
      },
      {
        kind: 'revenue',
        label: 'pre-sales conversion uplift',
        volumePerMonth: { min: 8_000, mode: 15_000, max: 25_000 },
        upliftRate: { min: 0.002, mode: 0.008, max: 0.02 },
        valuePerUnit: { min: 150, mode: 250, max: 400 },
        margin: { min: 0.15, mode: 0.25, max: 0.35 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'set-up: FAQ import, shop-system connection', amount: { min: 30_000, mode: 50_000, max: 80_000 } },
      { kind: 'recurring', label: 'monthly subscription (compute included)', monthly: { min: 6_000, mode: 9_000, max: 15_000 }, from: 'start' },
      { kind: 'recurring', label: 'FAQ and product-data upkeep', monthly: { min: 2_000, mode: 4_000, max: 6_000 } },
    ],
  },
};
