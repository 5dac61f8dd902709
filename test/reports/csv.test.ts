import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import type { Report } from '../../engine/report.js';
import { renderCsv } from '../../reports/csv.js';
import { LANGS, t, type Lang, type MessageKey } from '../../reports/i18n.js';
import { loadProposal } from '../../scenarios/load.js';
import { rationaleText } from '../../reports/phrases.js';

const report: Report = analyze(loadProposal('fixtures/demo.json'), { trials: 4096, seed: 1 });

/** A strict RFC 4180 parser: CRLF records, quoted fields with doubled quotes; the input ends with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  if (record.length > 0) throw new Error('last record without CRLF');
  return records;
}

/** The tables of a rendering, parsed, by file name; checks the BOM. */
function parsed(r: Report, lang: Lang): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const { file, content } of renderCsv(r, lang)) {
    expect(content.startsWith('\uFEFF')).toBe(true);
    out[file] = parseCsv(content.slice(1));
  }
  return out;
}

/** A field as the number (or null) it encodes. */
const num = (field: string): number | null => (field === '' ? null : Number(field));

describe.each(LANGS)('renderCsv (%s)', (lang: Lang) => {
  const files = parsed(report, lang);
  const tr = (key: MessageKey) => t(lang, key);

  it('writes one file per table, roadmap included', () => {
    expect(renderCsv(report, lang).map((f) => f.file)).toEqual(['ranking.csv', 'statistics.csv', 'inputs.csv', 'cashflow.csv', 'roadmap.csv']);
    for (const rows of Object.values(files)) for (const row of rows) expect(row).toHaveLength(rows[0].length);
  });

  it('ranking: translated headers and every number from the Report', () => {
    const [header, ...rows] = files['ranking.csv'];
    expect(header).toEqual(
      (
        [
          'col.rank', 'col.scenario', 'col.verdict', 'col.score', 'col.npvP10', 'col.npvP50', 'col.npvP90',
          'col.paybackP50', 'col.paybackWithin12', 'col.budgetFit', 'col.phaseFit', 'col.advice',
        ] as const
      ).map(tr),
    );
    const byRank = [...report.scenarios].sort((a, b) => a.rank - b.rank);
    expect(rows).toHaveLength(byRank.length);
    byRank.forEach((s, i) => {
      const row = rows[i];
      expect(num(row[0])).toBe(s.rank);
      expect(row[1]).toBe(s.name);
      expect(row[2]).toBe(t(lang, `verdict.${s.verdict}`));
      expect(num(row[3])).toBe(s.score);
      expect(row.slice(4, 7).map(num)).toEqual([s.npv.p10, s.npv.p50, s.npv.p90]);
      expect(num(row[7])).toBe(s.paybackMonths.p50);
      expect(num(row[8])).toBe(s.paybackMonths.probWithin['12']);
      expect(num(row[9])).toBe(s.gates.budget.probability);
      expect(num(row[10])).toBe(s.gates.phase.probability);
      expect(row[11] === '' ? 0 : row[11].split('\n').length).toBe(s.advice.length);
    });
  });

  it('statistics: every summary figure from the Report', () => {
    const [, ...rows] = files['statistics.csv'];
    const stats = ['npv', 'irr', 'roi', 'roi1y', 'investment', 'paybackMonths'] as const;
    const fields = ['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'min', 'max'] as const;
    expect(rows).toHaveLength(report.scenarios.length * stats.length);
    report.scenarios.forEach((s, k) =>
      stats.forEach((stat, j) => {
        const row = rows[k * stats.length + j];
        expect(row[0]).toBe(s.name);
        expect(row.slice(2).map(num)).toEqual(fields.map((f) => s[stat][f]));
      }),
    );
  });

  it('inputs: scenario id (empty when shared), label, description, mean', () => {
    const [header, ...rows] = files['inputs.csv'];
    expect(header).toEqual((['col.scenario', 'col.input', 'col.distribution', 'col.mean'] as const).map(tr));
    expect(rows).toEqual(report.inputs.map((i) => [i.scenarioId ?? '', i.label, i.description, i.mean === null ? '' : String(i.mean)]));
  });

  it('cash flow: every P10 / P50 / P90 equals the Report', () => {
    const [header, ...rows] = files['cashflow.csv'];
    expect(header).toEqual((['col.scenario', 'col.month', 'col.p10', 'col.p50', 'col.p90'] as const).map(tr));
    const expected = report.scenarios.flatMap((s) =>
      s.cashflow.months.map((m, i) => [s.name, m, s.cashflow.cumulative.p10[i], s.cashflow.cumulative.p50[i], s.cashflow.cumulative.p90[i]]),
    );
    expect(rows.map((r) => [r[0], ...r.slice(1).map(num)])).toEqual(expected);
  });

  it('roadmap: one row per phase item', () => {
    const [, ...rows] = files['roadmap.csv'];
    const expected = report.roadmap!.phases.flatMap((p) =>
      p.items.map((item) => [p.index, p.startMonth, p.endMonth, item.name, p.spend.p50, p.gates.budget.probability, rationaleText(p, report.proposal.currency, lang)]),
    );
    expect(rows.map((r) => [num(r[0]), num(r[1]), num(r[2]), r[3], num(r[4]), num(r[5]), r[6]])).toEqual(expected);
  });
});

describe('renderCsv quoting', () => {
  it('round-trips a scenario name with a comma, a quote and a line break', () => {
    const odd: Report = structuredClone(report);
    const name = 'Claims, "risk"\nidentification';
    odd.scenarios[0].name = name;
    const files = renderCsv(odd, 'en');
    const ranking = files.find((f) => f.file === 'ranking.csv')!.content;
    expect(ranking).toContain('"Claims, ""risk""\nidentification"');
    const rows = parseCsv(ranking.slice(1));
    const row = rows.find((r) => num(r[0]) === odd.scenarios[0].rank)!;
    expect(row[1]).toBe(name);
    expect(row.slice(4, 7).map(num)).toEqual([odd.scenarios[0].npv.p10, odd.scenarios[0].npv.p50, odd.scenarios[0].npv.p90]);
    const cash = parseCsv(files.find((f) => f.file === 'cashflow.csv')!.content.slice(1));
    expect(cash.filter((r) => r[0] === name)).toHaveLength(odd.scenarios[0].cashflow.months.length);
  });

  it('leaves the roadmap out when the Report has none, and writes null as an empty field', () => {
    const plain: Report = structuredClone(report);
    delete plain.roadmap;
    plain.inputs = [{ scenarioId: null, path: 'x', label: 'x', kind: 'fixed', description: 'fixed 1', mean: null }];
    const files = renderCsv(plain, 'zh-CN');
    expect(files.map((f) => f.file)).not.toContain('roadmap.csv');
    expect(files.find((f) => f.file === 'inputs.csv')!.content.split('\r\n')[1]).toBe(',x,fixed 1,');
  });
});
