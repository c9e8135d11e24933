/**
 * Rows this collector has already seen committed, so ingest can skip statements that would
 * change nothing (a namespace, a dataset mentioned without new metadata, a lineage edge seen
 * minutes ago). Entries become known only after their transaction commits; on PostgreSQL
 * several replicas each keep their own, which is safe because a skip only ever relies on a row
 * existing.
 */
export class KnownRows {
  private namespaces = new Set<string>();
  private datasets = new Set<string>();
  private edges = new Map<string, { first: number; last: number }>();

  constructor(private readonly maxEntries = 200_000) {}

  hasNamespace = (name: string) => this.namespaces.has(name);
  hasDataset = (key: string) => this.datasets.has(key);
  edge = (key: string) => this.edges.get(key);

  /** Makes a transaction's rows known once it has committed. */
  accept(pending: PendingRows): void {
    if (this.datasets.size + this.edges.size > this.maxEntries) {
      this.namespaces = new Set();
      this.datasets = new Set();
      this.edges = new Map();
    }
    pending.namespaces.forEach((name) => this.namespaces.add(name));
    pending.datasets.forEach((key) => this.datasets.add(key));
    pending.edges.forEach((span, key) => {
      const known = this.edges.get(key);
      this.edges.set(key, known ? { first: Math.min(known.first, span.first), last: Math.max(known.last, span.last) } : span);
    });
  }
}

/** What one transaction wrote, to be accepted into KnownRows after it commits. */
export class PendingRows {
  readonly namespaces = new Set<string>();
  readonly datasets = new Set<string>();
  readonly edges = new Map<string, { first: number; last: number }>();
}
