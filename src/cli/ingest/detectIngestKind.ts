/**
 * What a file holds, told from its content (the CLI never trusts a file name):
 * OpenLineage events (NDJSON, a JSON array, `{events: […]}` or one event), a dlt load_info or
 * trace, or dbt artifacts (run_results.json, manifest.json, sources.json).
 */
export type DocumentKind =
  | 'openlineage'
  | 'dlt-load-info'
  | 'dlt-trace'
  | 'dbt-run-results'
  | 'dbt-manifest'
  | 'dbt-sources'
  | 'dbt-bundle';

export type IngestType = 'openlineage' | 'dlt' | 'dbt';

export const ingestTypeOf = (kind: DocumentKind): IngestType =>
  kind === 'openlineage' ? 'openlineage' : kind.startsWith('dlt') ? 'dlt' : 'dbt';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isOpenLineageEvent(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  const hasSubject = 'run' in doc || 'job' in doc || 'dataset' in doc;
  return 'eventTime' in doc && hasSubject && ('producer' in doc || 'schemaURL' in doc);
}

/** The kind of one parsed JSON document, or undefined when it is none the collector takes. */
export function classifyDocument(doc: unknown): DocumentKind | undefined {
  if (Array.isArray(doc)) return doc.length > 0 && doc.every(isOpenLineageEvent) ? 'openlineage' : undefined;
  if (!isObject(doc)) return undefined;
  if (isOpenLineageEvent(doc)) return 'openlineage';
  if (Array.isArray(doc.events)) return 'openlineage';
  const schema = isObject(doc.metadata) ? String(doc.metadata.dbt_schema_version ?? '') : '';
  if (schema.includes('/run-results/')) return 'dbt-run-results';
  if (schema.includes('/manifest/')) return 'dbt-manifest';
  if (schema.includes('/sources/')) return 'dbt-sources';
  if ('run_results' in doc) return 'dbt-bundle';
  if ('transaction_id' in doc && 'steps' in doc) return 'dlt-trace';
  if ('load_packages' in doc && ('loads_ids' in doc || 'pipeline' in doc)) return 'dlt-load-info';
  return undefined;
}

export function describeUnknown(doc: unknown): string {
  if (Array.isArray(doc)) return 'a JSON array whose items are not all OpenLineage events';
  if (!isObject(doc)) return `a JSON ${doc === null ? 'null' : typeof doc}`;
  const keys = Object.keys(doc).slice(0, 8);
  return `a JSON object with keys ${keys.length > 0 ? keys.join(', ') : '(none)'}`;
}

/**
 * From the start of a file: NDJSON when its first line is a whole JSON document by itself
 * (a pretty-printed document's first line is just `{`), else one JSON document.
 */
export function looksLikeNdjson(head: string): { ndjson: boolean; firstDocument?: unknown } {
  const text = head.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n').find((line) => line.trim() !== '');
  if (firstLine === undefined) return { ndjson: false };
  try {
    const doc = JSON.parse(firstLine);
    return { ndjson: isObject(doc), firstDocument: doc };
  } catch {
    return { ndjson: false };
  }
}
