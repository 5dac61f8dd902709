/**
 * A small, separately written evaluator of the Excel formulas the workbook
 * uses (numbers, cell references with or without a sheet, ranges, + − × ÷ ^,
 * parentheses, SUM, SUMPRODUCT), so that tests check the workbook's live
 * formulas by evaluating them, not by reading the cached results exceljs
 * stores next to them.
 */
import type ExcelJS from 'exceljs';

type Value = number | number[];

interface Token {
  kind: 'num' | 'ref' | 'op' | 'fn' | '(' | ')' | ',';
  text: string;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|((?:'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)|([A-Z]+)\(|([-+*/^])|(\()|(\))|(,))/y;

function tokenize(formula: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < formula.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(formula);
    if (!m || m[0].length === 0) throw new Error(`cannot read formula ${JSON.stringify(formula)} at ${at}`);
    at = TOKEN.lastIndex;
    if (m[1]) out.push({ kind: 'num', text: m[1] });
    else if (m[2]) out.push({ kind: 'ref', text: m[2] });
    else if (m[3]) {
      out.push({ kind: 'fn', text: m[3] });
      out.push({ kind: '(', text: '(' });
    } else if (m[4]) out.push({ kind: 'op', text: m[4] });
    else if (m[5]) out.push({ kind: '(', text: '(' });
    else if (m[6]) out.push({ kind: ')', text: ')' });
    else out.push({ kind: ',', text: ',' });
  }
  return out;
}

const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Evaluates formulas of one workbook; a cell's value is its number, or its formula evaluated. */
export class FormulaEvaluator {
  private readonly cache = new Map<string, number>();

  constructor(private readonly workbook: ExcelJS.Workbook) {}

  /** The value of a cell: a number, its formula evaluated, 0 when empty. */
  cell(sheet: ExcelJS.Worksheet, address: string): number {
    const key = `${sheet.name}!${address}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const v = sheet.getCell(address).value as unknown;
    let out: number;
    if (v === null || v === undefined) out = 0;
    else if (typeof v === 'number') out = v;
    else if (typeof v === 'object' && v !== null && 'formula' in v) out = this.formula(sheet, String((v as { formula: string }).formula));
    else throw new Error(`${key} holds ${JSON.stringify(v)}, not a number or a formula`);
    this.cache.set(key, out);
    return out;
  }

  /** Evaluates a formula written on `sheet` (references without a sheet are on it). */
  formula(sheet: ExcelJS.Worksheet, formula: string): number {
    const tokens = tokenize(formula.replace(/^=/, ''));
    let i = 0;
    const peek = () => tokens[i];
    const next = () => tokens[i++];
    const expect = (kind: Token['kind']) => {
      const t = next();
      if (!t || t.kind !== kind) throw new Error(`expected ${kind} in ${formula}`);
    };
    const scalar = (v: Value) => {
      if (typeof v === 'number') return v;
      if (v.length === 1) return v[0];
      throw new Error(`a range where a number is needed in ${formula}`);
    };
    const ref = (text: string): Value => {
      const bang = text.lastIndexOf('!');
      const sheetName = bang < 0 ? null : text.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'");
      const target = sheetName === null ? sheet : this.workbook.getWorksheet(sheetName);
      if (!target) throw new Error(`no sheet ${sheetName} in ${formula}`);
      const [a, b] = text.slice(bang + 1).replace(/\$/g, '').split(':');
      if (!b) return this.cell(target, a);
      const [, ca, ra] = /^([A-Z]+)(\d+)$/.exec(a)!;
      const [, cb, rb] = /^([A-Z]+)(\d+)$/.exec(b)!;
      const values: number[] = [];
      for (let r = Number(ra); r <= Number(rb); r++) {
        for (let c = column(ca); c <= column(cb); c++) values.push(this.cell(target, target.getRow(r).getCell(c).address));
      }
      return values;
    };
    const call = (name: string, args: Value[]): number => {
      if (name === 'SUM') return args.reduce<number>((s, a) => s + (typeof a === 'number' ? a : a.reduce((x, y) => x + y, 0)), 0);
      if (name === 'SUMPRODUCT') {
        const arrays = args.map((a) => (typeof a === 'number' ? [a] : a));
        if (arrays.some((a) => a.length !== arrays[0].length)) throw new Error(`SUMPRODUCT ranges of different sizes in ${formula}`);
        return arrays[0].reduce((s, _, k) => s + arrays.reduce((p, a) => p * a[k], 1), 0);
      }
      throw new Error(`unknown function ${name} in ${formula}`);
    };
    const primary = (): Value => {
      const t = next();
      if (!t) throw new Error(`unexpected end of ${formula}`);
      if (t.kind === 'num') return Number(t.text);
      if (t.kind === 'ref') return ref(t.text);
      if (t.kind === 'op' && t.text === '-') return -scalar(power());
      if (t.kind === 'op' && t.text === '+') return scalar(power());
      if (t.kind === '(') {
        const v = sum();
        expect(')');
        return v;
      }
      if (t.kind === 'fn') {
        expect('(');
        const args: Value[] = [];
        if (peek()?.kind !== ')') {
          for (;;) {
            args.push(sum());
            if (peek()?.kind === ',') next();
            else break;
          }
        }
        expect(')');
        return call(t.text, args);
      }
      throw new Error(`unexpected ${t.text} in ${formula}`);
    };
    const power = (): Value => {
      let v = primary();
      while (peek()?.kind === 'op' && peek()!.text === '^') {
        next();
        v = scalar(v) ** scalar(primary());
      }
      return v;
    };
    const product = (): Value => {
      let v = power();
      while (peek()?.kind === 'op' && (peek()!.text === '*' || peek()!.text === '/')) {
        const op = next().text;
        const w = scalar(power());
        v = op === '*' ? scalar(v) * w : scalar(v) / w;
      }
      return v;
    };
    const sum = (): Value => {
      let v = product();
      while (peek()?.kind === 'op' && (peek()!.text === '+' || peek()!.text === '-')) {
        const op = next().text;
        const w = scalar(product());
        v = op === '+' ? scalar(v) + w : scalar(v) - w;
      }
      return v;
    };
    const v = scalar(sum());
    if (i !== tokens.length) throw new Error(`trailing tokens in ${formula}`);
    return v;
  }
}
