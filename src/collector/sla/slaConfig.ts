import fs from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Document } from 'yaml';
import { durationHint, parseDuration } from './durations';
import { cronProblem, type ExpectedSchedule, timezoneProblem } from './expectedSchedule';
import { globProblem } from './globs';
import type { Severity } from './slaResolver';

/**
 * The SLA config file (see docs/sla-config.md): defaults, dataset rules and job rules, read from
 * YAML and checked field by field. Every problem names the file, the line and the field, e.g.
 * `slas.yaml:14: datasets[2].freshness.warnAfter: "6 hours" is not a duration like 90m, 6h or 2d`.
 */

export const severities: readonly Severity[] = ['info', 'warning', 'error', 'critical'];

export interface FreshnessRule {
  warnAfterSeconds?: number;
  criticalAfterSeconds?: number;
  expectedSchedule?: ExpectedSchedule;
}

/** What a rule (or the defaults) sets; unset parts come from elsewhere. */
export interface SlaSettings {
  freshness?: FreshnessRule;
  minQualityPassRatio?: number;
  owners?: string[];
  team?: string;
  severity?: Severity;
}

/** Where a rule or the defaults sit in the file, for error messages and "where did this come from". */
export interface RuleOrigin {
  file: string;
  line: number;
  /** `defaults`, `datasets[2]`, `jobs[0]` */
  path: string;
}

export const describeOrigin = (origin: RuleOrigin): string => `${origin.file}:${origin.line} (${origin.path})`;

export interface DatasetRule extends SlaSettings {
  origin: RuleOrigin;
  /** glob on the dataset namespace; absent = any */
  namespace?: string;
  /** glob on the dataset name; absent = any */
  dataset?: string;
  /** every listed tag must be on the dataset (value is a glob; `*` = any value) */
  tags?: Record<string, string>;
}

export interface JobRule {
  origin: RuleOrigin;
  namespace?: string;
  job?: string;
  owners?: string[];
  team?: string;
  severity?: Severity;
  /** when the job is expected to run: a run missing after a scheduled time + grace is a "missed run" */
  expectedSchedule?: ExpectedSchedule;
}

export interface SlaConfig {
  /** the file's name as shown in messages and origins */
  file: string;
  defaults: SlaSettings & { origin: RuleOrigin };
  datasets: DatasetRule[];
  jobs: JobRule[];
}

export interface SlaConfigProblem {
  line: number;
  /** the field: `datasets[2].freshness.warnAfter` */
  field: string;
  message: string;
}

export class SlaConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: SlaConfigProblem[],
  ) {
    super(
      `${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  ${file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n'),
    );
    this.name = 'SlaConfigError';
  }
}

/** An empty config: no thresholds, owners only from facets. */
export const emptySlaConfig = (file = '(no SLA config)'): SlaConfig => ({
  file,
  defaults: { origin: { file, line: 0, path: 'defaults' } },
  datasets: [],
  jobs: [],
});

/** Reads and checks an SLA config file; throws SlaConfigError listing every problem. */
export function loadSlaConfig(filePath: string): SlaConfig {
  const file = path.basename(filePath);
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new SlaConfigError(file, [{ line: 0, field: '', message: `cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  return parseSlaConfig(text, file);
}

/** Parses and checks SLA config text. `file` is only used in messages and origins. */
export function parseSlaConfig(text: string, file = 'slas.yaml'): SlaConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: SlaConfigProblem[] = [];
  for (const error of document.errors) {
    problems.push({
      line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
      field: '',
      message: `not valid YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (problems.length > 0) throw new SlaConfigError(file, problems);
  const reader = new ConfigReader(file, document, lineCounter, problems);
  const config = reader.read();
  if (problems.length > 0) throw new SlaConfigError(file, problems.sort((a, b) => a.line - b.line));
  return config;
}

type Fields = Map<string, { node: Node | null; keyLine: number }>;

class ConfigReader {
  constructor(
    private readonly file: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    private readonly problems: SlaConfigProblem[],
  ) {}

  read(): SlaConfig {
    const config = emptySlaConfig(this.file);
    const root = this.document.contents as Node | null;
    if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return config;
    const fields = this.mapping(root, '', 1, ['version', 'defaults', 'datasets', 'jobs']);
    if (!fields) return config;

    const version = fields.get('version');
    if (version && !(isScalar(version.node) && (version.node.value === 1 || version.node.value === '1'))) {
      this.problem(version.node, version.keyLine, 'version', 'must be 1 (the only version so far)');
    }
    const defaults = fields.get('defaults');
    if (defaults) {
      const line = defaults.keyLine;
      const settings = this.settings(defaults.node, 'defaults', line, ['freshness', 'minQualityPassRatio', 'owners', 'team', 'severity']);
      config.defaults = { ...settings, origin: { file: this.file, line, path: 'defaults' } };
    }
    const datasets = fields.get('datasets');
    if (datasets) {
      this.sequence(datasets.node, 'datasets', datasets.keyLine)?.forEach((item, index) => {
        const rule = this.datasetRule(item, `datasets[${index}]`);
        if (rule) config.datasets.push(rule);
      });
    }
    const jobs = fields.get('jobs');
    if (jobs) {
      this.sequence(jobs.node, 'jobs', jobs.keyLine)?.forEach((item, index) => {
        const rule = this.jobRule(item, `jobs[${index}]`);
        if (rule) config.jobs.push(rule);
      });
    }
    return config;
  }

  private datasetRule(node: Node | null, field: string): DatasetRule | undefined {
    const line = this.lineOf(node, 0);
    const fields = this.mapping(node, field, line, ['namespace', 'dataset', 'tags', 'freshness', 'minQualityPassRatio', 'owners', 'team', 'severity']);
    if (!fields) return undefined;
    const origin: RuleOrigin = { file: this.file, line, path: field };
    const rule: DatasetRule = { origin };
    const namespace = this.glob(fields.get('namespace'), `${field}.namespace`);
    const dataset = this.glob(fields.get('dataset'), `${field}.dataset`);
    if (namespace !== undefined) rule.namespace = namespace;
    if (dataset !== undefined) rule.dataset = dataset;
    const tags = fields.get('tags');
    if (tags) {
      const tagFields = this.mapping(tags.node, `${field}.tags`, tags.keyLine);
      if (tagFields) {
        rule.tags = {};
        for (const [key, entry] of tagFields) {
          const value = this.string(entry, `${field}.tags.${key}`);
          if (value !== undefined) {
            const problem = globProblem(value);
            if (problem) this.problem(entry.node, entry.keyLine, `${field}.tags.${key}`, problem);
            else rule.tags[key] = value;
          }
        }
        if (tagFields.size === 0) this.problem(tags.node, tags.keyLine, `${field}.tags`, 'must list at least one tag, like { tier: gold }');
      }
    }
    if (!fields.has('namespace') && !fields.has('dataset') && !fields.has('tags')) {
      this.problem(node, line, field, 'a dataset rule needs namespace, dataset or tags to say which datasets it is for (settings for every dataset go under defaults)');
    }
    Object.assign(rule, this.settingsOf(fields, field));
    if (!['freshness', 'minQualityPassRatio', 'owners', 'team', 'severity'].some((key) => fields.has(key))) {
      this.problem(node, line, field, 'sets nothing: give it freshness, minQualityPassRatio, owners, team or severity');
    }
    return rule;
  }

  private jobRule(node: Node | null, field: string): JobRule | undefined {
    const line = this.lineOf(node, 0);
    const fields = this.mapping(node, field, line, ['namespace', 'job', 'owners', 'team', 'severity', 'expectedSchedule']);
    if (!fields) return undefined;
    const rule: JobRule = { origin: { file: this.file, line, path: field } };
    const namespace = this.glob(fields.get('namespace'), `${field}.namespace`);
    const job = this.glob(fields.get('job'), `${field}.job`);
    if (namespace !== undefined) rule.namespace = namespace;
    if (job !== undefined) rule.job = job;
    if (!fields.has('namespace') && !fields.has('job')) {
      this.problem(node, line, field, 'a job rule needs namespace or job to say which jobs it is for');
    }
    const { owners, team, severity } = this.settingsOf(fields, field);
    if (owners) rule.owners = owners;
    if (team !== undefined) rule.team = team;
    if (severity) rule.severity = severity;
    const schedule = fields.get('expectedSchedule');
    if (schedule) {
      const parsed = this.schedule(schedule, `${field}.expectedSchedule`);
      if (parsed) rule.expectedSchedule = parsed;
    }
    if (!['owners', 'team', 'severity', 'expectedSchedule'].some((key) => fields.has(key))) {
      this.problem(node, line, field, 'sets nothing: give it owners, team, severity or expectedSchedule');
    }
    return rule;
  }

  private settings(node: Node | null, field: string, line: number, allowed: string[]): SlaSettings {
    const fields = this.mapping(node, field, line, allowed);
    return fields ? this.settingsOf(fields, field) : {};
  }

  private settingsOf(fields: Fields, field: string): SlaSettings {
    const settings: SlaSettings = {};
    const freshness = fields.get('freshness');
    if (freshness) {
      const parsed = this.freshness(freshness, `${field}.freshness`);
      if (parsed) settings.freshness = parsed;
    }
    const ratio = fields.get('minQualityPassRatio');
    if (ratio) {
      const value = isScalar(ratio.node) ? ratio.node.value : undefined;
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        this.problem(ratio.node, ratio.keyLine, `${field}.minQualityPassRatio`, `${this.show(ratio.node)} is not a ratio between 0 and 1 (0.95 means 95% of checks pass)`);
      } else {
        settings.minQualityPassRatio = value;
      }
    }
    const owners = fields.get('owners');
    if (owners) {
      const list = this.stringList(owners, `${field}.owners`);
      if (list) settings.owners = list;
    }
    const team = fields.get('team');
    if (team) {
      const value = this.string(team, `${field}.team`);
      if (value !== undefined) settings.team = value;
    }
    const severity = fields.get('severity');
    if (severity) {
      const value = this.string(severity, `${field}.severity`);
      if (value !== undefined) {
        if ((severities as string[]).includes(value)) settings.severity = value as Severity;
        else this.problem(severity.node, severity.keyLine, `${field}.severity`, `"${value}" is not one of ${severities.join(', ')}`);
      }
    }
    return settings;
  }

  private freshness(entry: { node: Node | null; keyLine: number }, field: string): FreshnessRule | undefined {
    const fields = this.mapping(entry.node, field, entry.keyLine, ['warnAfter', 'criticalAfter', 'expectedSchedule']);
    if (!fields) return undefined;
    const rule: FreshnessRule = {};
    const warn = fields.get('warnAfter');
    if (warn) rule.warnAfterSeconds = this.duration(warn, `${field}.warnAfter`);
    const critical = fields.get('criticalAfter');
    if (critical) rule.criticalAfterSeconds = this.duration(critical, `${field}.criticalAfter`);
    const schedule = fields.get('expectedSchedule');
    if (schedule) rule.expectedSchedule = this.schedule(schedule, `${field}.expectedSchedule`);
    if (!warn && !critical && !schedule) {
      this.problem(null, entry.keyLine, field, 'needs warnAfter, criticalAfter or expectedSchedule');
    }
    if (rule.warnAfterSeconds !== undefined && rule.criticalAfterSeconds !== undefined && rule.warnAfterSeconds >= rule.criticalAfterSeconds) {
      this.problem(warn!.node, warn!.keyLine, `${field}.warnAfter`, 'must be shorter than criticalAfter');
    }
    for (const key of ['warnAfterSeconds', 'criticalAfterSeconds', 'expectedSchedule'] as const) {
      if (rule[key] === undefined) delete rule[key];
    }
    return rule;
  }

  private schedule(entry: { node: Node | null; keyLine: number }, field: string): ExpectedSchedule | undefined {
    const fields = this.mapping(entry.node, field, entry.keyLine, ['cron', 'grace', 'warnGrace', 'timezone']);
    if (!fields) return undefined;
    const cronEntry = fields.get('cron');
    const graceEntry = fields.get('grace');
    if (!cronEntry) this.problem(null, entry.keyLine, `${field}.cron`, 'is missing: a cron expression like "0 6 * * *"');
    if (!graceEntry) this.problem(null, entry.keyLine, `${field}.grace`, 'is missing: how long after the scheduled time the update may arrive, like 2h');
    const cron = cronEntry ? this.string(cronEntry, `${field}.cron`) : undefined;
    const grace = graceEntry ? this.duration(graceEntry, `${field}.grace`) : undefined;
    const warnEntry = fields.get('warnGrace');
    const warnGrace = warnEntry ? this.duration(warnEntry, `${field}.warnGrace`) : undefined;
    const zoneEntry = fields.get('timezone');
    let timezone = 'UTC';
    if (zoneEntry) {
      const value = this.string(zoneEntry, `${field}.timezone`);
      if (value !== undefined) {
        const problem = timezoneProblem(value);
        if (problem) this.problem(zoneEntry.node, zoneEntry.keyLine, `${field}.timezone`, problem);
        else timezone = value;
      }
    }
    if (cron !== undefined) {
      const problem = cronProblem(cron, timezone);
      if (problem) {
        this.problem(cronEntry!.node, cronEntry!.keyLine, `${field}.cron`, problem);
        return undefined;
      }
    }
    if (warnGrace !== undefined && grace !== undefined && warnGrace >= grace) {
      this.problem(warnEntry!.node, warnEntry!.keyLine, `${field}.warnGrace`, 'must be shorter than grace');
    }
    if (cron === undefined || grace === undefined) return undefined;
    return { cron: cron.trim(), timezone, graceSeconds: grace, ...(warnGrace !== undefined ? { warnGraceSeconds: warnGrace } : {}) };
  }

  private duration(entry: { node: Node | null; keyLine: number }, field: string): number | undefined {
    const value = isScalar(entry.node) ? entry.node.value : undefined;
    const seconds = typeof value === 'string' ? parseDuration(value) : undefined;
    if (seconds === undefined) {
      this.problem(entry.node, entry.keyLine, field, `${this.show(entry.node)} is not ${durationHint}`);
    }
    return seconds;
  }

  private glob(entry: { node: Node | null; keyLine: number } | undefined, field: string): string | undefined {
    if (!entry) return undefined;
    const value = this.string(entry, field);
    if (value === undefined) return undefined;
    const problem = globProblem(value);
    if (problem) {
      this.problem(entry.node, entry.keyLine, field, problem);
      return undefined;
    }
    return value;
  }

  private string(entry: { node: Node | null; keyLine: number }, field: string): string | undefined {
    const value = isScalar(entry.node) ? entry.node.value : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number') return String(value);
    this.problem(entry.node, entry.keyLine, field, `${this.show(entry.node)} is not a non-empty text`);
    return undefined;
  }

  private stringList(entry: { node: Node | null; keyLine: number }, field: string): string[] | undefined {
    if (isScalar(entry.node)) {
      const single = this.string(entry, field);
      return single === undefined ? undefined : [single];
    }
    const items = this.sequence(entry.node, field, entry.keyLine);
    if (!items) return undefined;
    const list: string[] = [];
    items.forEach((item, index) => {
      const value = this.string({ node: item, keyLine: this.lineOf(item, entry.keyLine) }, `${field}[${index}]`);
      if (value !== undefined && !list.includes(value)) list.push(value);
    });
    return list;
  }

  private mapping(node: Node | null, field: string, line: number, allowed?: string[]): Fields | undefined {
    const resolved = this.resolve(node);
    if (!isMap(resolved)) {
      this.problem(resolved, line, field || '(top level)', `must be a mapping of fields${allowed ? ` (${allowed.join(', ')})` : ''}, got ${this.show(resolved)}`);
      return undefined;
    }
    const fields: Fields = new Map();
    for (const pair of resolved.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const keyLine = this.lineOf(pair.key as Node | null, line);
      const fieldPath = field ? `${field}.${key}` : String(key);
      if (key === undefined) {
        this.problem(pair.key as Node | null, line, field || '(top level)', 'keys must be plain names');
        continue;
      }
      if (allowed && !allowed.includes(key)) {
        const hint = closest(key, allowed);
        this.problem(pair.key as Node | null, keyLine, fieldPath, `is not a known field${hint ? ` (did you mean ${hint}?)` : ''}; expected one of ${allowed.join(', ')}`);
        continue;
      }
      fields.set(key, { node: this.resolve(pair.value as Node | null), keyLine });
    }
    return fields;
  }

  private sequence(node: Node | null, field: string, line: number): Array<Node | null> | undefined {
    const resolved = this.resolve(node);
    if (isSeq(resolved)) return resolved.items.map((item) => this.resolve(item as Node | null));
    if (isScalar(resolved) && resolved.value === null) return [];
    this.problem(resolved, line, field, `must be a list, got ${this.show(resolved)}`);
    return undefined;
  }

  private resolve(node: Node | null): Node | null {
    if (isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    return node;
  }

  private lineOf(node: Node | null, fallback: number): number {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : this.lineCounter.linePos(offset).line;
  }

  private show(node: Node | null): string {
    if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
    if (isScalar(node)) return JSON.stringify(node.value);
    if (isSeq(node)) return 'a list';
    if (isMap(node)) return 'a mapping';
    return 'an unexpected value';
  }

  private problem(node: Node | null, fallbackLine: number, field: string, message: string): void {
    this.problems.push({ line: this.lineOf(node, fallbackLine), field, message });
  }
}

/** The allowed name closest to a misspelt one (case or one or two typos away). */
function closest(key: string, allowed: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
