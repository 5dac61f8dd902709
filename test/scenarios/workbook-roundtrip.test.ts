/**
 * The workbook round trip (issue 15): the workbook closedloop writes reads back
 * to the same input hash; changing one cell changes exactly that input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import type { Proposal } from '../../engine/model/proposal.js';
import { walkQuantities } from '../../engine/sampling/variables.js';
import { renderXlsx } from '../../reports/xlsx.js';
import { proposalWorkbook } from '../../reports/workbook-inputs.js';
import { loadProposal } from '../../scenarios/load.js';
import { readWorkbookProposal } from '../../scenarios/load-workbook.js';
import { ClosedloopError } from '../../engine/errors.js';
import { findTemplate } from '../../scenarios/templates/index.js';
import { canonicalJson, normalizeProposal } from '../../scenarios/normalize.js';
import { UNHASHED_KEYS } from '../../engine/model/canonical-json.js';
import { run } from '../cli/run-cli.js';

let dir: string;
let demo: Proposal;
let demoXlsx: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'closedloop-workbook-'));
  demo = loadProposal('fixtures/demo.json');
  const report = analyze(demo, { trials: 512, seed: 1 });
  demoXlsx = join(dir, 'demo.xlsx');
  writeFileSync(demoXlsx, await renderXlsx(report, 'zh-CN', { proposal: demo }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every input of a proposal (its path and its canonical JSON), written separately from proposal-sheets.ts. */
function inputsOf(p: Proposal): Map<string, string> {
  const out = new Map<string, string>();
  const strip = (q: unknown) => JSON.stringify(q, (k, v) => (k === 'written' ? undefined : v));
  for (const [name, q] of Object.entries(p.assumptions)) out.set(`assumptions.${name}`, strip(q));
  for (const s of p.scenarios) walkQuantities(s, (q, path) => out.set(`${s.id}.${path}`, strip(q)));
  return out;
}

async function editCell(file: string, out: string, sheetName: string, find: (row: ExcelJS.Row) => boolean, column: string, value: ExcelJS.CellValue): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(sheetName)!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  let edited = -1;
  sheet.eachRow((row, n) => {
    if (edited < 0 && n > 2 && find(row)) {
      row.getCell(header.indexOf(column)).value = value;
      edited = n;
    }
  });
  await wb.xlsx.writeFile(out);
  return edited;
}

describe('the workbook round trip', () => {
  /** The sheets write every default out, so which inputs were left to defaults (presentation only, unhashed) is all that may differ. */
  const withoutDefaulted = (p: Proposal) => ({ ...p, scenarios: p.scenarios.map(({ defaulted: _d, ...s }) => s) });

  it('reads the demo workbook back to the demo input hash', async () => {
    const back = await readWorkbookProposal(demoXlsx);
    expect(back.proposal.inputHash).toBe(demo.inputHash);
    expect(withoutDefaulted(back.proposal)).toEqual(withoutDefaulted(demo));
  });

  it('changing one cell (a PERT mode) changes exactly that input', async () => {
    const target = demo.scenarios[2];
    // The first PERT input of the third scenario: its mode moves halfway to its max.
    let path = '';
    let mode = 0;
    walkQuantities(target, (q, p) => {
      if (!path && typeof q === 'object' && 'dist' in q && q.dist.family === 'pert') {
        path = p;
        mode = (q.dist.mode + q.dist.max) / 2;
      }
    });
    expect(path).not.toBe('');
    const out = join(dir, 'edited.xlsx');
    const row = await editCell(demoXlsx, out, 'Proposal inputs', (r) => r.getCell(2).value === target.id && String(r.getCell(1).value).endsWith(path), 'mode', mode);
    expect(row).toBeGreaterThan(2);
    const back = (await readWorkbookProposal(out)).proposal;
    expect(back.inputHash).not.toBe(demo.inputHash);
    const before = inputsOf(demo);
    const after = inputsOf(back);
    const changed = [...before.keys()].filter((k) => before.get(k) !== after.get(k));
    expect(changed).toEqual([`${target.id}.${path}`]);
    expect(JSON.parse(after.get(changed[0])!).dist.mode).toBe(mode);
    // Nothing else moved: the rest of the proposal is identical.
    const strip = (p: Proposal) => canonicalJson({ ...p, inputHash: '', scenarios: p.scenarios.map((s) => (s.id === target.id ? s.id : s)) }, UNHASHED_KEYS);
    expect(strip(back) === strip(demo)).toBe(true);
  });

  it('a text number typed into a cell ("50万") is read as that number', async () => {
    const out = join(dir, 'text.xlsx');
    const row = await editCell(demoXlsx, out, 'Proposal inputs', (r) => r.getCell(4).value === 'fixed' && String(r.getCell(1).value).endsWith('.gpus'), 'value', '50万');
    expect(row).toBeGreaterThan(2);
    const back = await readWorkbookProposal(out, { readings: true });
    expect(back.readings.map((r) => r.value)).toContain(500_000);
  });

  it('a bad edit is reported with the sheet row that holds it', async () => {
    const out = join(dir, 'bad.xlsx');
    const row = await editCell(demoXlsx, out, 'Proposal inputs', (r) => r.getCell(4).value === 'pert', 'max', -1);
    const err = await readWorkbookProposal(out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClosedloopError);
    expect((err as ClosedloopError).problems.some((p) => p.message.includes(`Proposal inputs row ${row}`))).toBe(true);
  });

  it('init --template writes a blank workbook that validates, analyses, and equals the template proposal', async () => {
    const file = join(dir, 'init.xlsx');
    const r = await run('init', '--template', 'claims-risk-identification', '--xlsx', file, '--customer', 'Acme');
    expect(r.code, r.stderr).toBe(0);
    const t = findTemplate('claims-risk-identification')!;
    const expected = normalizeProposal({ customer: { name: 'Acme' }, scenarios: [{ ...t.scenario, template: t.id }] });
    expect((await readWorkbookProposal(file)).proposal.inputHash).toBe(expected.inputHash);
    const v = await run('validate', file);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain(expected.inputHash);
    const bad = await run('init', '--template', 'claims-risk-identifcation');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "claims-risk-identification"?');
  });

  it('a workbook without the proposal sheets says where workbooks with them come from', async () => {
    const file = join(dir, 'plain.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    await wb.xlsx.writeFile(file);
    const r = await run('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Proposal inputs sheet');
  });
});

it('proposalWorkbook holds the two sheets', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await proposalWorkbook(loadProposal('fixtures/reference-model.json'), 'en')) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['Proposal inputs', 'Proposal structure']);
});
