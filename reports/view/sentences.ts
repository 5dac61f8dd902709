import type { Message, Param } from '../../engine/index.js';
import { type MessageKey, isMessageKey } from '../i18n.js';
import type { Formatter } from './format.js';
import type { Names } from './names.js';

/**
 * Where the sentence of a message code lives: advice under `advice.<code>`,
 * caveats under `caveat.<code>`, summary reasons under `reason.<code>`, the
 * value-of-information method under `method.<code>`, roadmap rationales under
 * `rationale.<code>`, unscheduled reasons under `unscheduled.<code>`, the
 * recommendation's reasons and prerequisites under `recommendation.<code>`,
 * the ranking's basis under `ranking.<code>`, validation warnings under
 * `warning.<code>`. A code may also be a full catalogue key itself.
 */
export type MessageKind = 'advice' | 'caveat' | 'reason' | 'method' | 'rationale' | 'unscheduled' | 'recommendation' | 'ranking' | 'warning';

/** What a message's references resolve through: a Report's names (names.ts), or a proposal's before it is analysed. */
export type NameLookup = Pick<Names, 'scenario' | 'item' | 'input' | 'component' | 'lineRef'>;

/** A message without a sentence in the catalogue: a programming error, named with where to add it. */
export class MissingSentenceError extends Error {
  constructor(kind: MessageKind, code: string) {
    super(`no sentence for the ${kind} code "${code}": add "${kind}.${code}" in both languages to reports/i18n.ts`);
    this.name = 'MissingSentenceError';
  }
}

/**
 * Turns the engine's messages (a code and typed parameters) into sentences of
 * one language: money in the currency, probabilities and ratios as
 * percentages, months and counts as figures, references (scenario, item,
 * input, component) as names in the reader's language, a `code` parameter as
 * its catalogue word (`code.<value>`, `verdict.<value>`, `field.<value>`).
 */
export class Sentences {
  constructor(
    private readonly f: Formatter,
    private readonly names: NameLookup,
  ) {}

  /** The catalogue key of a message code, or null when there is none. */
  keyOf(kind: MessageKind, code: string): MessageKey | null {
    const key = `${kind}.${code}`;
    if (isMessageKey(key)) return key;
    return isMessageKey(code) ? code : null;
  }

  /** A parameter as text. */
  param(p: Param): string {
    const many = (value: string | string[], name: (x: string) => string) => this.f.list((Array.isArray(value) ? value : [value]).map(name));
    switch (p.type) {
      case 'money':
        return this.f.money(p.value);
      case 'probability':
      case 'ratio':
        return this.f.percent(p.value);
      case 'months':
        return this.f.monthCount(p.value);
      case 'count':
        return this.f.count(p.value);
      case 'number':
        return this.f.number(p.value);
      case 'scenario':
        return many(p.value, (x) => this.names.scenario(x));
      case 'item':
        return many(p.value, (x) => this.names.item(x));
      case 'input':
        return many(p.value, (x) => this.names.input(x));
      case 'component':
        return many(p.value, (x) => this.names.component(x));
      case 'line':
        return many(p.value, (x) => this.names.lineRef(x));
      case 'code':
        return this.word(p.value);
    }
  }

  /** A code parameter's word: `code.<value>`, `verdict.<value>` or `field.<value>` from the catalogue, else the value. */
  word(value: string): string {
    for (const key of [`code.${value}`, `verdict.${value}`, `field.${value}`]) if (isMessageKey(key)) return this.f.t(key);
    return value;
  }

  /**
   * The sentence of a message (`texts` gives ready texts for parameters that
   * need them); throws MissingSentenceError when the catalogue has none.
   * @example sentences.of('advice', { code: 'budget-below-band', params: { … } }) // "Median investment ¥85,101 is below …"
   */
  of(kind: MessageKind, m: Message, texts: Record<string, string> = {}): string {
    const key = this.keyOf(kind, m.code);
    if (key === null) throw new MissingSentenceError(kind, m.code);
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(m.params)) params[name] = texts[name] ?? this.param(value);
    return this.f.t(key, params);
  }
}
