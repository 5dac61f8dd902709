/**
 * `closedloop sweep` prints the view's sweep tables (reports/view/sweep.ts, the
 * PDF appendix's rows), in the language asked for, and its cells at the
 * proposal's own policy are the Report's verdicts and scores.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/index.js';
import { t } from '../../reports/i18n.js';
import { buildView } from '../../reports/view/index.js';
import { loadProposal } from '../../scenarios/load.js';
import { run } from './run-cli.js';

const RUN = { trials: 1000, seed: 5 };

describe('closedloop sweep', () => {
  const report = analyze(loadProposal('fixtures/demo.json'), RUN);

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`prints the view's three sweep tables, row by row (${lang})`, async () => {
      const result = await run('sweep', 'fixtures/demo.json', '--trials', String(RUN.trials), '--seed', String(RUN.seed), '--lang', lang);
      expect(result.code, result.stderr).toBe(0);
      const view = buildView(report, lang);
      const lines = result.stdout.split('\n');
      for (const table of view.sweep!.tables) {
        const header = lines.find((l) => l.startsWith(table.columns[0].header));
        expect(header, table.id).toBeDefined();
        for (const c of table.columns.slice(1)) expect(header).toContain(c.header);
        for (const row of table.rows) {
          const line = lines[lines.indexOf(header!) + 2 + table.rows.indexOf(row)];
          expect(line.split(/\s{2,}/)).toEqual(row.cells.map((c) => c.text));
        }
      }
      expect(result.stdout).toContain(t(lang, 'sweep.note'));
    });
  }

  it("shows, at the proposal's own policy, each scenario's verdict and score from the Report", async () => {
    const result = await run('sweep', 'fixtures/demo.json', '--trials', String(RUN.trials), '--seed', String(RUN.seed));
    const lines = result.stdout.split('\n');
    const header = lines[0].split(/\s{2,}/);
    const own = header.findIndex((h) => h.endsWith(' *'));
    expect(own).toBeGreaterThan(0);
    const short = { accept: 'accept', consider: 'consider', 'mandate-only': 'mandate' } as const;
    const names = buildView(report, 'en').scenarios;
    for (const s of report.scenarios) {
      const name = names.find((n) => n.id === s.id)!.name;
      const line = lines.slice(2, 2 + report.scenarios.length).find((l) => l.startsWith(`${name}  `))!;
      expect(line.split(/\s{2,}/)[own]).toBe(`${short[s.verdict]} ${s.score}`);
    }
  });
});
