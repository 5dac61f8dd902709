import type { Template } from '../template.js';
import { template as claimsRiskIdentification } from './claims-risk-identification.js';
import { template as ecommerceServiceAssistant } from './ecommerce-service-assistant.js';
import { template as enterpriseKnowledgePlatform } from './enterprise-knowledge-platform.js';
import { template as legalCaseAssistant } from './legal-case-assistant.js';
import { template as mixedModelQualityInspection } from './mixed-model-quality-inspection.js';
import { template as omDesignReview } from './om-design-review.js';
import { template as remoteBankingAssistant } from './remote-banking-assistant.js';

/** The template library, in the order `closedloop templates list` shows it. */
export const TEMPLATES: readonly Template[] = [
  omDesignReview,
  remoteBankingAssistant,
  claimsRiskIdentification,
  ecommerceServiceAssistant,
  mixedModelQualityInspection,
  legalCaseAssistant,
  enterpriseKnowledgePlatform,
];

export function findTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
