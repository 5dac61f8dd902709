import type { Message } from '../../engine/index.js';
import { isMessageKey } from '../i18n.js';
import type { ViewContext } from './context.js';

/**
 * A tracking message (status, recommendation, reason, caveat) as a sentence:
 * its code is a catalogue key, each parameter formatted by its type through
 * the view's Sentences; a `code` parameter that is itself a catalogue key is
 * that key's sentence, filled with the message's other parameters
 * ("tracking.measure.input" → the input's name), so that one message can name
 * what it measured in either language.
 * @example trackingSentence(ctx, s.recommendation.message) // "Go: continue Reference model as planned."
 */
export function trackingSentence(ctx: ViewContext, m: Message): string {
  const words: Record<string, string> = {};
  for (const [name, p] of Object.entries(m.params)) if (p.type !== 'code') words[name] = ctx.sentences.param(p);
  const texts: Record<string, string> = {};
  for (const [name, p] of Object.entries(m.params)) {
    if (p.type === 'code' && typeof p.value === 'string' && isMessageKey(p.value)) texts[name] = ctx.f.t(p.value, words);
  }
  return ctx.sentences.of('recommendation', m, texts);
}
