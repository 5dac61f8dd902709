/**
 * A fresh multi-scenario proposal written in both languages — customer,
 * scenarios, lines, stages, a shared assumption's label, a shared component —
 * except for a few texts written in one language only (ONE_LANGUAGE), which
 * the other language's outputs may quote as written. No template: a template's
 * lines are the template's own (English) words.
 */

/** Texts the proposal writes in one language only: an output in the other language quotes them as they are. */
export const ONE_LANGUAGE = { en: ['Night-shift triage pilot'], 'zh-CN': ['夜班工单分流'] } as const;

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export function bilingualProposal(): Record<string, unknown> {
  return {
    customer: { name: text('江南精密机械股份有限公司', 'Jiangnan Precision Machinery Co.') },
    currency: 'CNY',
    horizonMonths: 48,
    assumptions: {
      engineerHour: { min: 90, mode: 120, max: 170, label: text('工程师每小时综合成本', 'engineer cost per hour') },
      ticketsPerMonth: { dist: 'triangular', min: 3000, mode: 4000, max: 6500, label: text('每月工单数', 'tickets per month') },
    },
    scenarios: [
      {
        id: 'maintenance-copilot',
        name: text('设备维修助手', 'Maintenance copilot'),
        implementationMonths: { min: 3, mode: 4, max: 5 },
        benefits: [
          {
            kind: 'timeSavings',
            label: text('故障诊断工时', 'fault-diagnosis hours'),
            volumePerMonth: { ref: 'ticketsPerMonth' },
            minutesBefore: { min: 40, mode: 55, max: 80 },
            minutesAfter: { min: 15, mode: 20, max: 30 },
            costPerHour: { ref: 'engineerHour' },
          },
          {
            kind: 'riskAvoidance',
            label: text('避免的停机损失', 'downtime avoided'),
            eventsPerYear: { min: 1, mode: 2, max: 4 },
            reduction: { min: 0.2, mode: 0.35, max: 0.5 },
            impact: { p5: 500000, p95: 5000000 },
          },
        ],
        costs: [
          { kind: 'oneOff', label: text('实施与知识库建设', 'implementation and knowledge base'), amount: { min: 600000, mode: 800000, max: 1100000 } },
          { kind: 'recurring', label: text('知识库运营', 'knowledge-base upkeep'), monthly: { min: 15000, mode: 20000, max: 30000 } },
        ],
      },
      {
        id: 'quality-reports',
        name: text('质量报告自动生成', 'Quality-report drafting'),
        implementationMonths: 3,
        benefits: [{ kind: 'headcount', label: text('质量工程师工时释放', 'quality engineers freed'), fte: { min: 1, mode: 2, max: 3 }, annualCostPerFte: { min: 180000, mode: 220000, max: 260000 } }],
        costs: [{ kind: 'oneOff', label: text('报告模板与系统对接', 'report templates and integration'), amount: { min: 500000, mode: 650000, max: 850000 } }],
      },
      {
        id: 'supplier-platform',
        name: text('供应商协同平台', 'Supplier collaboration platform'),
        benefits: [
          { kind: 'errorReduction', label: text('采购差错减少', 'fewer purchasing errors'), volumePerMonth: { min: 800, mode: 1200, max: 1800 }, errorRate: { min: 0.02, mode: 0.04, max: 0.07 }, reduction: { min: 0.3, mode: 0.5, max: 0.7 }, costPerError: { min: 2000, mode: 3500, max: 6000 } },
        ],
        costs: [{ kind: 'recurring', label: text('平台运维', 'platform operations'), monthly: { min: 20000, mode: 30000, max: 45000 } }],
        stages: [
          { id: 'pilot', name: text('试点：两家核心供应商', 'pilot: two key suppliers'), implementationMonths: { min: 3, mode: 4, max: 5 }, cost: { min: 700000, mode: 900000, max: 1200000 }, benefitShare: 0.3 },
          { id: 'rollout', name: text('推广到全部供应商', 'rollout to every supplier'), implementationMonths: { min: 4, mode: 5, max: 6 }, cost: { min: 900000, mode: 1200000, max: 1600000 }, benefitShare: 0.7 },
        ],
      },
      {
        id: 'night-triage',
        name: ONE_LANGUAGE.en[0],
        requires: ['maintenance-copilot'],
        implementationMonths: { min: 3, mode: 3, max: 4 },
        benefits: [
          {
            kind: 'timeSavings',
            label: ONE_LANGUAGE['zh-CN'][0],
            volumePerMonth: { ref: 'ticketsPerMonth' },
            minutesSaved: { min: 3, mode: 5, max: 9 },
            costPerHour: { ref: 'engineerHour' },
            realization: { min: 0.5, mode: 0.7, max: 0.9 },
          },
        ],
        costs: [{ kind: 'oneOff', label: text('排班系统对接', 'shift-system integration'), amount: { min: 500000, mode: 600000, max: 800000 } }],
      },
    ],
    roadmap: {
      capacity: 2,
      sharedComponents: [
        { id: 'gateway', name: text('模型网关（权限与审计）', 'model gateway (access and audit)'), cost: { min: 150000, mode: 200000, max: 300000 }, usedBy: ['maintenance-copilot', 'night-triage'] },
      ],
    },
  };
}
