import type { Message, Proposal } from '../../engine/index.js';
import type { Lang } from '../i18n.js';
import { formatter } from './format.js';
import { Sentences } from './sentences.js';

/**
 * A proposal's validation warning as a sentence, before any Report exists
 * (`closedloop validate`): scenarios are named from the proposal in the
 * reader's language; other references are shown by their key.
 * @example proposalWarningText(proposal, proposal.warnings![0], 'en') // "Design review (public API) repeats the distributions of …"
 */
export function proposalWarningText(proposal: Proposal, warning: Message, lang: Lang): string {
  const byId = new Map(proposal.scenarios.map((s) => [s.id, s.names?.[lang] ?? s.name]));
  const key = (x: string) => x;
  const sentences = new Sentences(formatter(lang, proposal.currency), { scenario: (id) => byId.get(id) ?? id, item: key, input: key, component: key, lineRef: key });
  return sentences.of('warning', warning);
}
