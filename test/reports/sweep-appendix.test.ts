/**
 * The policy sweep as the PDF's appendix (issue 15): one table per rule, each
 * cell the Report's policySweep verdict and score at that point, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/index.js';
import { LANGS, t } from '../../reports/i18n.js';
import { renderPdf } from '../../reports/pdf.js';
import { buildView } from '../../reports/view/index.js';
import { loadProposal } from '../../scenarios/load.js';
import { readPdf } from './pdf-text.js';

const report = analyze(loadProposal('fixtures/demo.json'), { trials: 2048, seed: 9 });
const squash = (s: string) => s.replace(/\s+/g, '');

describe('the policy sweep in the PDF appendix', () => {
  for (const lang of LANGS) {
    it(`each cell is the sweep's verdict and score at that rule, the others at the proposal's (${lang})`, async () => {
      const sweep = report.policySweep!;
      const view = buildView(report, lang);
      const [payback, confidence, budget] = view.sweep!.tables;
      const short = (v: string) => t(lang, `sweep.${v}` as 'sweep.accept');
      const { current } = sweep;
      for (const row of payback.rows) {
        const s = sweep.scenarios.find((x) => x.id === row.id)!;
        sweep.axes.paybackMonths.forEach((_, i) => {
          expect(row.cells[i + 1].text).toBe(t(lang, 'sweep.cell', { verdict: short(s.verdicts[i][current.confidence][current.budgetMax]), score: s.scores[i][current.confidence][current.budgetMax] }));
        });
        sweep.axes.confidence.forEach((_, j) => {
          expect(confidence.rows.find((r) => r.id === row.id)!.cells[j + 1].text).toContain(String(s.scores[current.paybackMonths][j][current.budgetMax]));
        });
        sweep.axes.budgetMax.forEach((_, k) => {
          expect(budget.rows.find((r) => r.id === row.id)!.cells[k + 1].text).toContain(String(s.scores[current.paybackMonths][current.confidence][k]));
        });
      }
      // The proposal's own point is marked, on every axis.
      expect(payback.columns[current.paybackMonths + 1].header).toBe(t(lang, 'sweep.own', { label: String(sweep.axes.paybackMonths[current.paybackMonths]) }));
      const text = squash((await readPdf(await renderPdf(report, { lang }))).map((p) => p.text).join(''));
      expect(text).toContain(squash(t(lang, 'sweep.title')));
      for (const table of view.sweep!.tables) for (const row of table.rows) expect(text).toContain(squash(row.cells.map((c) => c.text).join('')));
    });
  }
});
