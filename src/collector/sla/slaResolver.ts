import type { DatasetKey, JobKey } from '../model/observations';
import type { ExpectedSchedule } from './expectedSchedule';
import { globMatcher } from './globs';
import { type DatasetRule, describeOrigin, type JobRule, type SlaConfig, type SlaSettings } from './slaConfig';
import { nodeKey } from '../model/nodeKey';

export type Severity = 'info' | 'warning' | 'error' | 'critical';

/** The parts of an SLA whose origin is reported. */
export type SlaPart = 'freshness' | 'minQualityPassRatio' | 'owners' | 'team' | 'severity' | 'expectedSchedule';

/** The freshness SLA that applies to one dataset, after config globs and facets are merged. */
export interface EffectiveSla {
  /** seconds since the last successful update before the dataset is "warning" */
  warnAfterSeconds?: number;
  /** seconds before it is "stale" */
  criticalAfterSeconds?: number;
  /** a cron expression the producing job is expected to follow, when the SLA is a schedule */
  expectedSchedule?: string;
  /** the whole expected schedule: cron, time zone, grace (set whenever expectedSchedule is) */
  schedule?: ExpectedSchedule;
  /** minimum quality pass ratio, 0..1 */
  minQualityPassRatio?: number;
  owners: string[];
  team?: string;
  severity: Severity;
  /** where each part came from: config rule (file:line), OpenLineage ownership facet, default */
  sources: string[];
  /** the same, part by part: `{ freshness: 'slas.yaml:14 (datasets[2])', owners: 'OpenLineage ownership facet' }` */
  origins?: Partial<Record<SlaPart, string>>;
  /** every config rule that matched, in file order */
  matchedRules?: string[];
}

/** What the store knows about a dataset that can shape its SLA. */
export interface DatasetSlaFacts {
  /** owner names from the OpenLineage ownership facet */
  owners?: string[];
  /** dataset-level tags (TagsDatasetFacet); `team` and `severity` tags count when config sets none */
  tags?: Array<{ key: string; value: string }>;
  /** dbt source freshness criteria (`warn_after` / `error_after`) from the latest observation */
  freshnessCriteria?: { warnAfterSeconds?: number; criticalAfterSeconds?: number };
}

/** Answers "which SLA applies to this dataset / job". Implemented by the SLA config module. */
export interface SlaResolver {
  forDataset(dataset: DatasetKey, facts?: DatasetSlaFacts): EffectiveSla;
  forJob(job: JobKey, facts?: { owners?: string[]; tags?: Array<{ key: string; value: string }> }): EffectiveSla;
}

export const originLabels = {
  ownershipFacet: 'OpenLineage ownership facet',
  tagsFacet: 'OpenLineage tags facet',
  dbtCriteria: 'dbt source freshness criteria',
  builtIn: 'built-in default',
} as const;

const defaultSeverity: Severity = 'warning';
const severityNames = new Set<string>(['info', 'warning', 'error', 'critical']);


/**
 * The resolver for a checked SLA config. Pure: the answer depends only on the config, the key and
 * the facts. Precedence, part by part:
 * - freshness and minQualityPassRatio: the last matching rule that sets it, then dbt source
 *   freshness criteria (freshness only), then defaults;
 * - owners: the last matching rule's owners, then the OpenLineage ownership facet's owners after
 *   them; the defaults' owners only when neither names anyone;
 * - team and severity: the last matching rule, then a `team` / `severity` tag from the tags facet,
 *   then defaults, then severity "warning".
 */
export function createSlaResolver(config: SlaConfig): SlaResolver {
  const datasetRules = config.datasets.map((rule) => ({ rule, matches: keyMatcher(rule.namespace, rule.dataset) }));
  const jobRules = config.jobs.map((rule) => ({ rule, matches: keyMatcher(rule.namespace, rule.job) }));
  const defaults = config.defaults;
  const defaultsOrigin = defaults.origin.line > 0 ? describeOrigin(defaults.origin) : originLabels.builtIn;

  // Matching globs is most of the work; the answer for a name never changes, so remember it.
  const datasetMatches = new BoundedCache<DatasetRule[]>(100_000);
  const jobMatches = new BoundedCache<JobRule[]>(50_000);

  const rulesForDataset = (dataset: DatasetKey) => matchingRules(datasetMatches, datasetRules, dataset);

  return {
    forDataset(dataset, facts = {}) {
      const tags = facts.tags ?? [];
      const rules = rulesForDataset(dataset).filter((rule) => !rule.tags || tagsMatch(rule.tags, tags));
      const origins: Partial<Record<SlaPart, string>> = {};
      const sla: EffectiveSla = { owners: [], severity: defaultSeverity, sources: [], origins };

      const last = <K extends keyof SlaSettings>(part: K): DatasetRule | undefined => {
        for (let i = rules.length - 1; i >= 0; i--) if (rules[i][part] !== undefined) return rules[i];
        return undefined;
      };

      const freshnessRule = last('freshness');
      const criteria = facts.freshnessCriteria;
      const hasCriteria = criteria && (criteria.warnAfterSeconds !== undefined || criteria.criticalAfterSeconds !== undefined);
      if (freshnessRule?.freshness) {
        applyFreshness(sla, freshnessRule.freshness);
        origins.freshness = describeOrigin(freshnessRule.origin);
      } else if (hasCriteria) {
        if (criteria.warnAfterSeconds !== undefined) sla.warnAfterSeconds = criteria.warnAfterSeconds;
        if (criteria.criticalAfterSeconds !== undefined) sla.criticalAfterSeconds = criteria.criticalAfterSeconds;
        origins.freshness = originLabels.dbtCriteria;
      } else if (defaults.freshness) {
        applyFreshness(sla, defaults.freshness);
        origins.freshness = defaultsOrigin;
      }
      if (sla.schedule) origins.expectedSchedule = origins.freshness;

      const ratioRule = last('minQualityPassRatio');
      if (ratioRule) {
        sla.minQualityPassRatio = ratioRule.minQualityPassRatio;
        origins.minQualityPassRatio = describeOrigin(ratioRule.origin);
      } else if (defaults.minQualityPassRatio !== undefined) {
        sla.minQualityPassRatio = defaults.minQualityPassRatio;
        origins.minQualityPassRatio = defaultsOrigin;
      }

      resolvePeople(sla, origins, last('owners'), last('team'), last('severity'), facts, defaults, defaultsOrigin);
      sla.sources = uniqueSources(origins);
      sla.matchedRules = rules.map((rule) => describeOrigin(rule.origin));
      return sla;
    },

    forJob(job, facts = {}) {
      const rules = matchingRules(jobMatches, jobRules, job);
      const origins: Partial<Record<SlaPart, string>> = {};
      const sla: EffectiveSla = { owners: [], severity: defaultSeverity, sources: [], origins };
      const last = <K extends 'owners' | 'team' | 'severity' | 'expectedSchedule'>(part: K): JobRule | undefined => {
        for (let i = rules.length - 1; i >= 0; i--) if (rules[i][part] !== undefined) return rules[i];
        return undefined;
      };
      const scheduleRule = last('expectedSchedule');
      if (scheduleRule?.expectedSchedule) {
        sla.schedule = scheduleRule.expectedSchedule;
        sla.expectedSchedule = scheduleRule.expectedSchedule.cron;
        origins.expectedSchedule = describeOrigin(scheduleRule.origin);
      }
      resolvePeople(sla, origins, last('owners'), last('team'), last('severity'), facts, defaults, defaultsOrigin);
      sla.sources = uniqueSources(origins);
      sla.matchedRules = rules.map((rule) => describeOrigin(rule.origin));
      return sla;
    },
  };
}

function applyFreshness(sla: EffectiveSla, freshness: NonNullable<SlaSettings['freshness']>): void {
  if (freshness.warnAfterSeconds !== undefined) sla.warnAfterSeconds = freshness.warnAfterSeconds;
  if (freshness.criticalAfterSeconds !== undefined) sla.criticalAfterSeconds = freshness.criticalAfterSeconds;
  if (freshness.expectedSchedule) {
    sla.schedule = freshness.expectedSchedule;
    sla.expectedSchedule = freshness.expectedSchedule.cron;
  }
}

function resolvePeople(
  sla: EffectiveSla,
  origins: Partial<Record<SlaPart, string>>,
  ownersRule: { owners?: string[]; origin: DatasetRule['origin'] } | undefined,
  teamRule: { team?: string; origin: DatasetRule['origin'] } | undefined,
  severityRule: { severity?: Severity; origin: DatasetRule['origin'] } | undefined,
  facts: { owners?: string[]; tags?: Array<{ key: string; value: string }> },
  defaults: SlaConfig['defaults'],
  defaultsOrigin: string,
): void {
  const factOwners = (facts.owners ?? []).filter((owner) => owner.trim() !== '');
  const owners: string[] = [];
  const ownerOrigins: string[] = [];
  if (ownersRule?.owners?.length) {
    owners.push(...ownersRule.owners);
    ownerOrigins.push(describeOrigin(ownersRule.origin));
  }
  const before = owners.length;
  for (const owner of factOwners) if (!owners.includes(owner)) owners.push(owner);
  if (owners.length > before) ownerOrigins.push(originLabels.ownershipFacet);
  if (owners.length === 0 && defaults.owners?.length) {
    owners.push(...defaults.owners);
    ownerOrigins.push(defaultsOrigin);
  }
  sla.owners = owners;
  if (ownerOrigins.length > 0) origins.owners = ownerOrigins.join(' + ');

  const tag = (key: string) => facts.tags?.find((t) => t.key.toLowerCase() === key && t.value.trim() !== '')?.value.trim();
  if (teamRule?.team !== undefined) {
    sla.team = teamRule.team;
    origins.team = describeOrigin(teamRule.origin);
  } else if (tag('team') !== undefined) {
    sla.team = tag('team');
    origins.team = `${originLabels.tagsFacet} (team)`;
  } else if (defaults.team !== undefined) {
    sla.team = defaults.team;
    origins.team = defaultsOrigin;
  }

  const severityTag = tag('severity')?.toLowerCase();
  if (severityRule?.severity) {
    sla.severity = severityRule.severity;
    origins.severity = describeOrigin(severityRule.origin);
  } else if (severityTag && severityNames.has(severityTag)) {
    sla.severity = severityTag as Severity;
    origins.severity = `${originLabels.tagsFacet} (severity)`;
  } else if (defaults.severity) {
    sla.severity = defaults.severity;
    origins.severity = defaultsOrigin;
  } else {
    origins.severity = originLabels.builtIn;
  }
}

function uniqueSources(origins: Partial<Record<SlaPart, string>>): string[] {
  const sources: string[] = [];
  for (const origin of Object.values(origins)) {
    for (const part of (origin ?? '').split(' + ')) if (part && !sources.includes(part)) sources.push(part);
  }
  return sources.length > 0 ? sources : ['default'];
}

function keyMatcher(namespacePattern: string | undefined, namePattern: string | undefined) {
  const namespace = namespacePattern === undefined ? undefined : globMatcher(namespacePattern);
  const name = namePattern === undefined ? undefined : globMatcher(namePattern);
  return (ns: string, n: string) => (!namespace || namespace(ns)) && (!name || name(n));
}

function tagsMatch(wanted: Record<string, string>, tags: Array<{ key: string; value: string }>): boolean {
  return Object.entries(wanted).every(([key, pattern]) => {
    const matches = globMatcher(pattern);
    return tags.some((tag) => tag.key === key && matches(tag.value));
  });
}

/** The rules whose globs match a node, in file order; remembered per node, as its name never changes. */
function matchingRules<R>(
  cache: BoundedCache<R[]>,
  rules: ReadonlyArray<{ rule: R; matches: (namespace: string, name: string) => boolean }>,
  node: { namespace: string; name: string },
): R[] {
  const key = nodeKey(node.namespace, node.name);
  let matched = cache.get(key);
  if (!matched) {
    matched = rules.filter((r) => r.matches(node.namespace, node.name)).map((r) => r.rule);
    cache.set(key, matched);
  }
  return matched;
}

class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
  }
}

/** No config: no thresholds, owners only from facets. */
export const noSlas: SlaResolver = createSlaResolver({ file: '', defaults: { origin: { file: '', line: 0, path: 'defaults' } }, datasets: [], jobs: [] });
