import type { Report, ReportInput, ScenarioReport } from '../../engine/index.js';
import { type MessageKey, isMessageKey } from '../i18n.js';
import type { Formatter } from './format.js';

/** A name in the languages it was written in. */
interface Localized {
  name?: string;
  names?: { 'zh-CN'?: string; en?: string };
}

/**
 * Names everything a Report refers to by id or key in the reader's language:
 * scenarios, their stages, roadmap items ("SCENARIO/STAGE"), shared components,
 * benefit and cost lines, inputs. Picks `names[lang] ?? name`. Keys and field
 * codes never reach a page: a line without a label is called by its kind, a
 * field by its catalogue name, an unlabelled shared assumption by the field of
 * its first use.
 */
export class Names {
  private readonly scenarios: Map<string, ScenarioReport>;
  private readonly inputs = new Map<string, ReportInput>();
  private readonly firstUse = new Map<string, ReportInput>();
  private readonly components = new Map<string, Localized>();

  constructor(
    private readonly report: Report,
    private readonly f: Formatter,
  ) {
    this.scenarios = new Map(report.scenarios.map((s) => [s.id, s]));
    for (const row of report.inputs) {
      if (row.component) this.components.set(row.component.id, row.component);
      if (row.key === null) continue;
      if (row.kind === 'ref') {
        if (!this.firstUse.has(row.key)) this.firstUse.set(row.key, row);
      } else if (!this.inputs.has(row.key)) this.inputs.set(row.key, row);
    }
    for (const ph of report.roadmap?.phases ?? []) for (const c of ph.components) if (!this.components.has(c.id)) this.components.set(c.id, { name: c.name });
  }

  /** `names[lang] ?? name` of a localized thing; undefined when it has neither. */
  pick(x: Localized | undefined): string | undefined {
    return x?.names?.[this.f.lang] ?? x?.name;
  }

  /** A scenario's name (its id only when the Report does not know it). */
  scenario(id: string): string {
    const s = this.scenarios.get(id);
    return s ? this.pick(s)! : id;
  }

  /** The customer's name. */
  customer(): string {
    return this.pick(this.report.proposal.customer as Localized)!;
  }

  /** A stage's name, or "stage n" when the proposal gave it none. */
  stage(scenarioId: string, stageId: string): string {
    const stages = this.scenarios.get(scenarioId)?.stages ?? [];
    const k = stages.findIndex((st) => st.id === stageId);
    return this.pick(stages[k]) ?? this.f.t('name.stageNumber', { n: k >= 0 ? k + 1 : stageId });
  }

  /** A roadmap item by key: the scenario, or "scenario — stage". */
  item(key: string): string {
    const slash = key.indexOf('/');
    if (slash < 0) return this.scenario(key);
    const scenarioId = key.slice(0, slash);
    return this.f.t('name.stageItem', { scenario: this.scenario(scenarioId), stage: this.stage(scenarioId, key.slice(slash + 1)) });
  }

  /** A shared component's name. */
  component(id: string): string {
    return this.pick(this.components.get(id)) ?? id;
  }

  /** A field code in words ("minutesBefore" → "minutes before"); the code when the catalogue lacks it. */
  field(code: string): string {
    const key = `field.${code}`;
    return isMessageKey(key) ? this.f.t(key) : code;
  }

  /** A benefit or cost line: its label, or its kind in words when it has none. */
  line(line: NonNullable<ReportInput['line']> | { label: string; labels?: Localized['names']; kind: string }): string {
    const picked = this.pick({ name: line.label, names: line.labels });
    const kindKey = `kind.${line.kind}` as MessageKey;
    return line.labels === undefined && line.label === line.kind && isMessageKey(kindKey) ? this.f.t(kindKey) : picked!;
  }

  /**
   * A line by its reference "SCENARIO_ID/benefits[0]" or "SCENARIO_ID/costs[2]"
   * (the `line` parameter of tracking's messages), read from the input rows that
   * sit on it; the reference itself when the Report has none.
   */
  lineRef(ref: string): string {
    const slash = ref.indexOf('/');
    const scenarioId = ref.slice(0, slash);
    const prefix = `${ref.slice(slash + 1)}.`;
    for (const row of this.report.inputs) if (row.scenarioId === scenarioId && row.line && row.path.startsWith(prefix)) return this.line(row.line);
    const m = /^benefits\[(\d+)\]$/.exec(ref.slice(slash + 1));
    const benefit = m ? this.scenarios.get(scenarioId)?.benefits[Number(m[1])] : undefined;
    return benefit ? this.line(benefit) : ref;
  }

  /** What an input row is, in words: "review hours · minutes before", a stage's "pilot · one-off cost", an assumption's label. */
  inputRow(row: ReportInput): string {
    const own = this.pick({ name: row.label, names: row.labels });
    if (own !== undefined) return own;
    if (row.section === 'assumption') {
      const use = this.firstUse.get(row.path);
      return use ? this.f.t('name.sharedUse', { field: this.field(use.field) }) : row.path;
    }
    if (row.section === 'component') {
      const c = row.component!;
      return this.pick({ name: c.label, names: c.labels }) ?? this.component(c.id);
    }
    const field = this.field(row.field);
    if (row.line) {
      const line = this.line(row.line);
      const owner = row.expansion !== undefined ? this.f.t('name.expansion', { line, n: row.expansion + 1 }) : line;
      return this.f.t('name.inputOf', { owner, field });
    }
    if (row.stage) return this.f.t('name.inputOf', { owner: this.stage(row.scenarioId!, row.stage.id), field });
    return field;
  }

  /** An input by its key (`sensitivity[].input`, `measureFirst.input`): its row's words, or a shared assumption's label. */
  input(key: string): string {
    const row = this.inputs.get(key);
    return row ? this.inputRow(row) : key;
  }

  /** The input row a key names (the assumption's own row for a shared assumption). */
  inputByKey(key: string): ReportInput | undefined {
    return this.inputs.get(key);
  }
}
