import { jsonArray, ownerNamesOf } from '../store/jsonColumns';
import type { DatasetSlaFacts } from './slaResolver';

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
  const ownerList = ownerNamesOf(owners);
  if (ownerList.length > 0) facts.owners = ownerList;
  const tagList = (jsonArray(tags) as Array<Tag | null>)
    .filter((t): t is Tag => typeof t?.key === 'string' && (t.field === undefined || t.field === null))
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
