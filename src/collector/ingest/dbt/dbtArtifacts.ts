import { DocumentChecks, isJsonObject, JsonObject, pointer } from './documentChecks';

/**
 * Which dbt artifacts a received body holds. The body is one of
 * - a run_results.json document,
 * - a sources.json document (`dbt source freshness`),
 * - a bundle `{ "run_results": {...}, "manifest": {...}, "sources": {...} }` where manifest and sources are
 *   optional, and run_results may be left out when sources is given.
 * Each artifact's `metadata.dbt_schema_version` must be one this collector reads.
 */

export type DbtArtifactKind = 'run-results' | 'sources' | 'manifest';

/** The schema versions read here, per artifact. */
export const ACCEPTED_DBT_SCHEMA_VERSIONS: Record<DbtArtifactKind, number[]> = {
  'run-results': [5, 6],
  sources: [3],
  manifest: [9, 10, 11, 12],
};

export const dbtSchemaUrl = (kind: DbtArtifactKind, version: number): string =>
  `https://schemas.getdbt.com/dbt/${kind}/v${version}.json`;

export interface DbtArtifact {
  document: JsonObject;
  /** JSON pointer of the document in the received body ('' when it is the body) */
  path: string;
  schemaVersion?: number;
}

export interface DbtArtifacts {
  runResults?: DbtArtifact;
  manifest?: DbtArtifact;
  sources?: DbtArtifact;
}

const VERSION_URL = /^https?:\/\/schemas\.getdbt\.com\/dbt\/([a-z-]+)\/v(\d+)\.json$/;

/** The artifact kind and version a `dbt_schema_version` URL names, if it has the dbt shape. */
export function parseDbtSchemaVersion(url: string): { kind: string; version: number } | undefined {
  const match = VERSION_URL.exec(url.trim());
  return match ? { kind: match[1], version: Number(match[2]) } : undefined;
}

/** Checks that `document` is a `kind` artifact in an accepted version; records a problem naming the field if not. */
export function checkDbtArtifact(document: unknown, path: string, kind: DbtArtifactKind, checks: DocumentChecks): DbtArtifact | undefined {
  const object = checks.object(document, path === '' ? '' : path);
  if (!object) return undefined;
  const metadata = checks.object(object.metadata, pointer(path, 'metadata'));
  if (!metadata) return undefined;
  const versionPath = pointer(path, 'metadata', 'dbt_schema_version');
  const url = checks.string(metadata.dbt_schema_version, versionPath);
  if (url === undefined) return undefined;
  const accepted = ACCEPTED_DBT_SCHEMA_VERSIONS[kind];
  const parsed = parseDbtSchemaVersion(url);
  if (!parsed || parsed.kind !== kind || !accepted.includes(parsed.version)) {
    const what = parsed ? `a dbt ${parsed.kind} v${parsed.version} document` : JSON.stringify(url);
    checks.add(
      versionPath,
      `must be ${accepted.map((v) => dbtSchemaUrl(kind, v)).join(' or ')} (this collector reads dbt ${kind} in those versions); got ${what}`,
    );
    return undefined;
  }
  return { document: object, path, schemaVersion: parsed.version };
}

/** Splits a received body into its artifacts, recording every problem in `checks`. */
export function splitDbtBody(body: unknown, checks: DocumentChecks): DbtArtifacts {
  if (!isJsonObject(body)) {
    checks.add('', 'must be a dbt run_results.json or sources.json document, or an object {"run_results", "manifest", "sources"}');
    return {};
  }
  const isBundle = !('metadata' in body) && !('results' in body) && ('run_results' in body || 'manifest' in body || 'sources' in body);
  if (!isBundle) {
    const metadata = isJsonObject(body.metadata) ? body.metadata : undefined;
    const url = typeof metadata?.dbt_schema_version === 'string' ? metadata.dbt_schema_version : '';
    const kind = parseDbtSchemaVersion(url)?.kind;
    if (kind === 'sources') {
      const sources = checkDbtArtifact(body, '', 'sources', checks);
      return sources ? { sources } : {};
    }
    const runResults = checkDbtArtifact(body, '', 'run-results', checks);
    return runResults ? { runResults } : {};
  }
  const artifacts: DbtArtifacts = {};
  if (body.run_results !== undefined && body.run_results !== null) {
    artifacts.runResults = checkDbtArtifact(body.run_results, '/run_results', 'run-results', checks);
  } else if (body.sources === undefined || body.sources === null) {
    checks.add('/run_results', 'is required (a run_results.json document) unless sources (a sources.json document) is given');
  }
  if (body.manifest !== undefined && body.manifest !== null) {
    artifacts.manifest = checkDbtArtifact(body.manifest, '/manifest', 'manifest', checks);
  }
  if (body.sources !== undefined && body.sources !== null) {
    artifacts.sources = checkDbtArtifact(body.sources, '/sources', 'sources', checks);
  }
  return artifacts;
}
