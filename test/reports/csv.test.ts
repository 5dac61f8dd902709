import { describe, expect, it } from 'vitest';
import { type Report, analyze } from '../../engine/index.js';
import { csvTables, renderCsv } from '../../reports/csv.js';
import { LANGS, type Lang } from '../../reports/i18n.js';
import { buildView } from '../../reports/view/index.js';
import { loadProposal } from '../../scenarios/load.js';

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
  const view = buildView(report, lang);

  it('writes one file per table of the view, the roadmap’s phases and items included', () => {
    expect(renderCsv(report, lang).map((f) => f.file)).toEqual(['ranking.csv', 'statistics.csv', 'inputs.csv', 'cashflow.csv', 'roadmap.csv', 'roadmap-items.csv', 'roadmap-candidates.csv']);
    for (const rows of Object.values(files)) for (const row of rows) expect(row).toHaveLength(rows[0].length);
  });

  it('every table: the view’s headers, and each cell’s value (numbers unformatted, at full precision)', () => {
    for (const table of csvTables(view)) {
      const [header, ...rows] = files[`${table.id}.csv`];
      expect(header).toEqual(table.columns.map((c) => c.header));
      expect(rows).toHaveLength(table.rows.length);
      table.rows.forEach((r, i) =>
        r.cells.forEach((c, k) => {
          if (typeof c.value === 'number') expect(num(rows[i][k])).toBe(c.value);
          else expect(rows[i][k]).toBe(c.value ?? '');
        }),
      );
    }
  });

  it('ranking: the Report’s figures, in the Report’s order', () => {
    const [, ...rows] = files['ranking.csv'];
    const byId = new Map(report.scenarios.map((s) => [s.id, s]));
    report.ranking.order.forEach((id, i) => {
      const s = byId.get(id)!;
      const row = rows[i];
      expect(num(row[0])).toBe(s.rank);
      expect(row.slice(4, 7).map(num)).toEqual([s.npv.p10, s.npv.p50, s.npv.p90]);
      expect(num(row[8])).toBe(s.gates.payback.probability);
    });
  });

  it('roadmap: one row per phase, months numbered from 1 as in the PDF', () => {
    const [, ...rows] = files['roadmap.csv'];
    expect(rows.map((r) => [num(r[0]), num(r[1]), num(r[2]), num(r[4])])).toEqual(report.roadmap!.phases.map((p) => [p.index, p.startMonth + 1, p.endMonth, p.spend.mean]));
  });
});

describe('renderCsv quoting', () => {
  it('round-trips a scenario name with a comma, a quote and a line break', () => {
    const odd: Report = structuredClone(report);
    const name = 'Claims, "risk"\nidentification';
    const s = odd.scenarios.find((x) => x.id === odd.ranking.order[0])!;
    s.name = name;
    delete s.names;
    const files = renderCsv(odd, 'en');
    const ranking = files.find((f) => f.file === 'ranking.csv')!.content;
    expect(ranking).toContain('"Claims, ""risk""\nidentification"');
    const rows = parseCsv(ranking.slice(1));
    expect(rows[1][1]).toBe(name);
    expect(rows[1].slice(4, 7).map(num)).toEqual([s.npv.p10, s.npv.p50, s.npv.p90]);
    const cash = parseCsv(files.find((f) => f.file === 'cashflow.csv')!.content.slice(1));
    expect(cash.filter((r) => r[0] === name)).toHaveLength(s.cashflow.months.length);
  });

  it('leaves the roadmap out when the Report has none, and writes a missing figure as an empty field', () => {
    const plain: Report = structuredClone(report);
    delete plain.roadmap;
    plain.inputs = [{ section: 'assumption', scenarioId: null, path: 'x', field: 'x', key: 'x', kind: 'ref', ref: 'x', label: 'x', mean: null }];
    const files = renderCsv(plain, 'en');
    expect(files.map((f) => f.file)).not.toContain('roadmap.csv');
    expect(files.find((f) => f.file === 'inputs.csv')!.content.split('\r\n')[1]).toBe('Shared assumptions,x,shared: x,');
  });
});
