import { NestedMap } from '../model/nestedMap';
import { datasetFacts } from './storedSlaFacts';
import type { DatasetSlaFacts, EffectiveSla, SlaResolver } from './slaResolver';

/** What a node's SLA is resolved from, as stored: its row's owners and tags JSON, and dbt's criteria. */
export interface StoredSlaInputs {
  owners: string | null;
  tags: string | null;
  warnAfterSeconds?: number | null;
  errorAfterSeconds?: number | null;
}

interface Resolved {
  inputs: StoredSlaInputs;
  facts: DatasetSlaFacts;
  sla: EffectiveSla;
}

const sameInputs = (a: StoredSlaInputs, b: StoredSlaInputs): boolean =>
  a.owners === b.owners && a.tags === b.tags && (a.warnAfterSeconds ?? null) === (b.warnAfterSeconds ?? null) && (a.errorAfterSeconds ?? null) === (b.errorAfterSeconds ?? null);

const maxEntries = 200_000;

/**
 * Per resolver, the SLA last resolved for each job and dataset, and the stored inputs it came
 * from. Resolving one (parsing the facet JSON, matching globs, naming origins) costs more than
 * everything else a freshness row or a lineage node needs, and its answer only changes when the
 * node's facets or dbt criteria do; a resolver is pure, so the last answer stands until then.
 * The freshness query kind, /metrics and lineage share it.
 */
export class ResolvedSlaMemo {
  private static readonly byResolver = new WeakMap<SlaResolver, ResolvedSlaMemo>();
  private readonly datasets = new NestedMap<Resolved>();
  private readonly jobs = new NestedMap<Resolved>();

  private constructor(private readonly slas: SlaResolver) {}

  static of(slas: SlaResolver): ResolvedSlaMemo {
    let memo = ResolvedSlaMemo.byResolver.get(slas);
    if (!memo) ResolvedSlaMemo.byResolver.set(slas, (memo = new ResolvedSlaMemo(slas)));
    return memo;
  }

  dataset(namespace: string, name: string, inputs: StoredSlaInputs): { facts: DatasetSlaFacts; sla: EffectiveSla } {
    const known = this.datasets.get(namespace, name);
    if (known && sameInputs(known.inputs, inputs)) return known;
    const facts = datasetFacts(inputs.owners, inputs.tags, {
      warnAfterSeconds: inputs.warnAfterSeconds ?? null,
      errorAfterSeconds: inputs.errorAfterSeconds ?? null,
    });
    return this.remember(this.datasets, namespace, name, { inputs, facts, sla: this.slas.forDataset({ namespace, name }, facts) });
  }

  job(namespace: string, name: string, inputs: StoredSlaInputs): { facts: DatasetSlaFacts; sla: EffectiveSla } {
    const known = this.jobs.get(namespace, name);
    if (known && sameInputs(known.inputs, inputs)) return known;
    const facts = datasetFacts(inputs.owners, inputs.tags);
    return this.remember(this.jobs, namespace, name, { inputs, facts, sla: this.slas.forJob({ namespace, name }, facts) });
  }

  private remember(map: NestedMap<Resolved>, namespace: string, name: string, resolved: Resolved): Resolved {
    if (map.size >= maxEntries) map.clear();
    map.set(namespace, name, resolved);
    return resolved;
  }
}
