import type { Template } from '../template.js';

/**
 * Enterprise knowledge platform ("middle platform"): model gateway, security,
 * knowledge injection and tools, built first so later AI systems plug into it.
 */
export const template: Template = {
  id: 'enterprise-knowledge-platform',
  title: {
    en: 'Enterprise knowledge platform (AI middle platform)',
    'zh-CN': '企业知识中台（大模型中台）',
  },
  summary: {
    en: 'A shared platform that manages models, security, knowledge injection and tools, with enterprise search as its first application. It is built first and other AI systems integrate with it later, so its benefits grow each year as more systems connect and duplicate builds are avoided. A multi-million investment over most of a year: split into stages.',
    'zh-CN': '统一管理模型、安全、知识注入和工具的共享平台，首个应用是企业知识检索。平台先行建设，其他大模型应用随后接入，因此收益随接入系统增多而逐年增长，并避免重复建设。投资达数百万元、建设周期接近一年，宜分阶段实施。',
  },
  sources: [
    {
      ref: 'presales field notes: scenarios reported (middle platform; knowledge platform built first)',
      grounds:
        'the platform as a dependency other scenarios share; benefits[2] (duplicate builds avoided as systems integrate); benefits[0].growthPerYear and benefits[0].expansions (benefits grow as more systems connect)',
    },
    {
      ref: 'presales field notes: how customers judge value (less dependence on key personnel)',
      grounds: 'benefits[1]: expert knowledge kept when key people leave or retire',
    },
    {
      ref: 'presales field notes: costs and deployment (foundation plus platform projects run to millions, built in steps; O&M needs long-term budget)',
      grounds: 'costs[0].amount + costs[1].amount of several million yuan; implementationMonths beyond one phase; costs[3].monthly and costs[4].rateOfOneOffPerYear',
    },
    {
      ref: 'presales field notes: costs and deployment (toolchains raised deployment efficiency 2–3×)',
      grounds: 'benefits[2].unitValue: what a later system saves by reusing the platform instead of building its own stack',
    },
  ],
  illustrative: [
    'implementationMonths',
    'adoption.midpoint',
    'benefits[0].volumePerMonth',
    'benefits[0].minutesSaved',
    'benefits[0].costPerHour',
    'benefits[0].realization',
    'benefits[0].growthPerYear',
    'benefits[0].expansions[0].factor',
    'benefits[0].expansions[0].cost',
    'benefits[1].eventsPerYear',
    'benefits[1].reduction',
    'benefits[1].impact',
    'benefits[2].quantityPerMonth',
    'benefits[2].unitValue',
    'costs[0].amount',
    'costs[1].amount',
    'costs[2].volumePerMonth',
    'costs[2].tokensPerTask',
    'costs[2].pricePer1kTokens',
    'costs[2].priceDeclinePerYear',
    'costs[3].monthly',
    'costs[3].escalationPerYear',
    'costs[4].rateOfOneOffPerYear',
  ],
  scenario: {
    id: 'enterprise-knowledge-platform',
    name: 'Enterprise knowledge platform',
    description:
      'Group-wide knowledge platform: model gateway, access control and audit, knowledge ingestion and retrieval, tool registry. Enterprise search for about 3,000 knowledge workers goes live with it; a second wave of connected systems from month 24 widens its use.',
    deployment: 'public',
    implementationMonths: { min: 6, mode: 9, max: 12 },
    adoption: { curve: 'logistic', steepness: 0.5, midpoint: { min: 4, mode: 6, max: 10 } },
    benefits: [
      {
        kind: 'timeSavings',
        label: 'employees finding answers faster',
        volumePerMonth: { min: 15_000, mode: 30_000, max: 60_000 },
        minutesSaved: { min: 3, mode: 6, max: 12 },
        costPerHour: { min: 80, mode: 110, max: 150 },
        realization: { min: 0.3, mode: 0.5, max: 0.7 },
        growthPerYear: { min: 0.1, mode: 0.2, max: 0.35 },
        expansions: [{ month: 24, factor: { min: 1.1, mode: 1.3, max: 1.5 }, cost: { min: 200_000, mode: 300_000, max: 500_000 } }],
      },
      {
        kind: 'riskAvoidance',
        label: 'expert knowledge kept when key people leave',
        eventsPerYear: { min: 2, mode: 4, max: 8 },
        reduction: { min: 0.2, mode: 0.4, max: 0.6 },
        impact: { min: 100_000, mode: 300_000, max: 800_000 },
      },
      {
        kind: 'custom',
        label: 'duplicate AI stacks avoided as systems integrate',
        quantityPerMonth: { min: 0.05, mode: 0.1, max: 0.2 },
        unitValue: { min: 150_000, mode: 300_000, max: 600_000 },
        growthPerYear: { min: 0, mode: 0.1, max: 0.3 },
      },
    ],
    costs: [
      { kind: 'oneOff', label: 'platform build: gateway, security, knowledge injection, tools', amount: { min: 2_000_000, mode: 2_800_000, max: 4_000_000 } },
      { kind: 'oneOff', label: 'knowledge ingestion and governance', amount: { min: 300_000, mode: 500_000, max: 800_000 } },
      {
        kind: 'compute',
        label: 'model API',
        volumePerMonth: { min: 15_000, mode: 30_000, max: 60_000 },
        tokensPerTask: { min: 3_000, mode: 6_000, max: 12_000 },
        pricePer1kTokens: { min: 0.004, mode: 0.008, max: 0.02 },
        priceDeclinePerYear: { min: 0.1, mode: 0.3, max: 0.5 },
      },
      { kind: 'recurring', label: 'platform operations team', monthly: { min: 40_000, mode: 60_000, max: 90_000 }, escalationPerYear: 0.03 },
      { kind: 'maintenance', label: 'platform maintenance', rateOfOneOffPerYear: { min: 0.1, mode: 0.15, max: 0.2 } },
    ],
  },
};
