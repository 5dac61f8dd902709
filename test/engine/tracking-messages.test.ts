import { describe, expect, it } from 'vitest';
import type { Message } from '../../engine/messages.js';
import { messageSchema } from '../../engine/messages.js';
import type { Report } from '../../engine/report.js';
import { track } from '../../engine/tracking/track.js';
import type { ScenarioTracking } from '../../engine/tracking/tracking-schema.js';
import { LANGS, isMessageKey } from '../../reports/i18n.js';
import { trackingSentence, viewContext } from '../../reports/view/index.js';
import type { Lang } from '../../reports/i18n.js';
import { loadProposal } from '../../scenarios/load.js';
import { actualsOf } from './tracking-helpers.js';

const proposal = loadProposal('fixtures/reference-model.json');

/** Every message of a tracking block with the scenario it belongs to. */
/** A tracking message in a language, through the view. */
function trackingText(m: Message, at: { report: Report }, lang: Lang): string {
  return trackingSentence(viewContext(at.report, lang), m);
}

function messagesOf(report: Report): { m: Message; scenario: ScenarioTracking }[] {
  return report.tracking!.scenarios.flatMap((s) => [s.statusMessage, s.recommendation.message, ...s.recommendation.reasons, ...s.inputs.flatMap((i) => i.caveats)].map((m) => ({ m, scenario: s })));
}

describe('tracking speaks in codes with typed parameters, each with an English and a Chinese sentence', () => {
  const reports = [
    // Ahead, go, an input read outside its prior (a caveat).
    track(proposal, actualsOf(proposal, ['reference,3,benefits[0].minutesSaved,13,200,3']), { trials: 4000, seed: 1 }),
    // Behind, adjust or stop, money and adoption rows.
    track(proposal, actualsOf(proposal, ['reference,1,cash:benefits,0,,', 'reference,2,cash:benefits,0,,', 'reference,2,adoption,0,,', 'reference,2,cash:operations,9000,,']), { trials: 4000, seed: 1 }),
  ];
  const all = reports.flatMap((r) => messagesOf(r).map((x) => ({ ...x, report: r })));

  it('uses the codes the catalogue knows, with parameters of the message schema', () => {
    const codes = new Set(all.map((x) => x.m.code));
    for (const expected of ['tracking.status.ahead', 'tracking.status.behind', 'tracking.caveat.outside-prior', 'tracking.reason.payback']) expect(codes).toContain(expected);
    for (const { m } of all) {
      expect(isMessageKey(m.code), m.code).toBe(true);
      expect(() => messageSchema.parse(m)).not.toThrow();
    }
  });

  it('renders every message in every language with no placeholder left', () => {
    for (const { m, report } of all) {
      for (const lang of LANGS) {
        const text = trackingText(m, { report }, lang);
        expect(text, `${m.code} (${lang})`).not.toMatch(/[{}]/);
        expect(text.length).toBeGreaterThan(5);
      }
    }
  });

  it('names a line by its label and an input by its label', () => {
    const behind = all.find((x) => x.m.code === 'tracking.status.behind')!;
    expect(trackingText(behind.m, behind, 'en')).toMatch(/^Behind: (realised benefits|adoption|operations) in month 2/);
    const caveat = all.find((x) => x.m.code === 'tracking.caveat.outside-prior')!;
    expect(trackingText(caveat.m, caveat, 'en')).toMatch(/^time savings · minutes saved was measured at 13, outside every prior draw/);
    expect(trackingText(caveat.m, caveat, 'zh-CN')).toMatch(/^节省工时 · 节省分钟数 的测量值为 13/);
  });
});
