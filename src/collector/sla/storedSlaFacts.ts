import type { DatasetSlaFacts } from './slaResolver';

interface Owner {
  name?: unknown;
}
interface Tag {
  key?: unknown;
  value?: unknown;
  field?: unknown;
}

/** The SLA facts a dataset row carries: owners and dataset-level tags from its facets. */
export function datasetFacts(
  owners: string | null,
  tags: string | null,
  dbtCriteria: { warnAfterSeconds: number | null; errorAfterSeconds: number | null } = { warnAfterSeconds: null, errorAfterSeconds: null },
): DatasetSlaFacts {
  const facts: DatasetSlaFacts = {};
  const ownerList = parseJsonArray<Owner>(owners)
    .map((o) => (typeof o?.name === 'string' ? o.name : undefined))
    .filter((o): o is string => !!o);
  if (ownerList.length > 0) facts.owners = ownerList;
  const tagList = parseJsonArray<Tag>(tags)
    .filter((t) => typeof t?.key === 'string' && (t.field === undefined || t.field === null))
    .map((t) => ({ key: t.key as string, value: typeof t.value === 'string' ? t.value : String(t.value ?? '') }));
  if (tagList.length > 0) facts.tags = tagList;
  const { warnAfterSeconds: warn, errorAfterSeconds: error } = dbtCriteria;
  if (warn !== null || error !== null) {
    facts.freshnessCriteria = {
      ...(warn !== null ? { warnAfterSeconds: warn } : {}),
      ...(error !== null ? { criticalAfterSeconds: error } : {}),
    };
  }
  return facts;
}

function parseJsonArray<T>(text: string | null): T[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}
