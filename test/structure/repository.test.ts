/**
 * Grep-level rules of the repository: it stands alone (no reference to files
 * outside it), the engine speaks in codes (no English sentence, no money
 * formatting under engine/ outside error messages), and the other layers reach
 * the engine through engine/index.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).trim().split('\n');
const source = (f: string) => readFileSync(f, 'utf8');

/** A line that builds an error message (errors are English, from the engine's catalogue and its checks). */
const ERROR_CONTEXT = /Error\(|ClosedloopError|message:|problems\.push|throw |\.describe\(|title: /;

describe('the repository stands alone', () => {
  it('no file refers to the team folder or its notes', () => {
    const outside = ['..', 'shared'].join('/');
    const notes = ['FIELD', 'NOTES'].join('-');
    const hits = tracked.filter((f) => !/\.(png|ttf|otf|woff2?)$/.test(f) && f !== 'package-lock.json').filter((f) => source(f).includes(outside) || source(f).includes(notes));
    expect(hits).toEqual([]);
  });
});

describe('the engine speaks in codes', () => {
  const engine = tracked.filter((f) => f.startsWith('engine/') && f.endsWith('.ts'));

  it('no money formatting under engine/', () => {
    // Money as text: a money formatter, a map of currency signs, or a currency sign in code (comments aside).
    const code = (f: string) => source(f).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const hits = engine.filter((f) => /formatMoney|money\.js|CURRENCY_SIGNS|[¥€£]/.test(code(f)));
    expect(hits).toEqual([]);
  });

  it('no English sentence under engine/ outside error messages', () => {
    const hits: string[] = [];
    for (const f of engine) {
      const lines = source(f).split('\n');
      let comment = false;
      lines.forEach((line, i) => {
        const t = line.trim();
        if (t.startsWith('/*')) comment = true;
        if (comment) {
          if (t.includes('*/')) comment = false;
          return;
        }
        if (t.startsWith('//')) return;
        const context = lines.slice(Math.max(0, i - 3), i + 1).join('\n');
        for (const m of line.matchAll(/(['`])((?:(?!\1).)*)\1/g)) {
          if (/[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}/.test(m[2]) && !ERROR_CONTEXT.test(context) && !f.endsWith('engine/errors.ts')) hits.push(`${f}:${i + 1}: ${m[2]}`);
        }
      });
    }
    expect(hits).toEqual([]);
  });
});

describe('layers import the engine through engine/index.ts', () => {
  it('reports/, cli/ and web/ have no deep import into engine/', () => {
    const layers = tracked.filter((f) => /^(reports|cli|web\/src)\//.test(f) && f.endsWith('.ts'));
    const deep = layers.flatMap((f) => [...source(f).matchAll(/from '((?:\.\.\/)+engine\/[^']+)'/g)].map((m) => m[1]).filter((p) => !p.endsWith('engine/index.js')).map((p) => `${f}: ${p}`));
    expect(deep).toEqual([]);
  });
});
