import { datasetNodeId, jobNodeId } from '../../../contract/nodeIds';
import type { VariableSubject } from '../../../contract/query';
import { all, containsText, equals } from '../filters';
import { stringField, tableFrame } from '../frameBuilders';
import { type QueryContext, type QueryHandler, QueryError } from '../queryContext';
import { limitOf, optionalChoice, optionalString } from '../targetFields';
import { ownerNamesOf } from '../../store/jsonColumns';

export const variablesLimits = { defaultLimit: 1000, maxLimit: 10_000 };
const subjects: readonly VariableSubject[] = ['namespaces', 'jobs', 'datasets', 'owners', 'orchestrators'];

interface Option {
  text: string;
  value: string;
}

interface Lookup {
  namespace?: string;
  search?: string;
  /** rows to fetch: one more than the limit tells that there are more */
  fetch: number;
}

/**
 * Values for Grafana template variables: namespaces, jobs, datasets, owners or orchestrators,
 * optionally within a namespace and matching a case-insensitive search. One frame with `text`
 * (what the picker shows) and `value` (a node id for jobs and datasets, else the name), sorted.
 */
export const variablesQuery: QueryHandler<'variables'> = async (target, context) => {
  const subject = optionalChoice(target, 'subject', subjects);
  if (subject === undefined) {
    throw new QueryError('subject', `is required: one of ${subjects.join(', ')}`);
  }
  const limit = limitOf(target, variablesLimits);
  const lookup: Lookup = { namespace: optionalString(target, 'namespace'), search: optionalString(target, 'search'), fetch: limit + 1 };
  const options = sortOptions(await readers[subject](context, lookup));
  const truncated = options.length > limit;
  const shown = truncated ? options.slice(0, limit) : options;
  return [
    tableFrame([stringField('text', shown.map((o) => o.text)), stringField('value', shown.map((o) => o.value))], {
      name: subject,
      meta: truncated ? { notices: [{ severity: 'warning', text: `Showing the first ${limit} ${subject}; type to search.` }] } : undefined,
    }),
  ];
};

const readers: Record<VariableSubject, (context: QueryContext, lookup: Lookup) => Promise<Option[]>> = {
  namespaces: async ({ db }, { search, fetch }) => {
    const rows = await db
      .selectFrom('namespaces')
      .select('name')
      .where(all([search === undefined ? undefined : containsText(['namespaces.name'], search)]))
      .orderBy('name')
      .limit(fetch)
      .execute();
    return rows.map((row) => ({ text: row.name, value: row.name }));
  },
  jobs: async ({ db }, { namespace, search, fetch }) => {
    const rows = await db
      .selectFrom('jobs')
      .select(['namespace', 'name'])
      .where(
        all([
          namespace === undefined ? undefined : equals('jobs.namespace', namespace),
          search === undefined ? undefined : containsText(['jobs.name'], search),
        ]),
      )
      .orderBy('name')
      .orderBy('namespace')
      .limit(fetch)
      .execute();
    return named(rows, jobNodeId);
  },
  datasets: async ({ db }, { namespace, search, fetch }) => {
    const rows = await db
      .selectFrom('datasets')
      .select(['namespace', 'name'])
      .where(
        all([
          namespace === undefined ? undefined : equals('datasets.namespace', namespace),
          search === undefined ? undefined : containsText(['datasets.name'], search),
        ]),
      )
      .orderBy('name')
      .orderBy('namespace')
      .limit(fetch)
      .execute();
    return named(rows, datasetNodeId);
  },
  owners: async ({ db }, { namespace, search }) => {
    const where = (table: 'jobs' | 'datasets') =>
      all([
        namespace === undefined ? undefined : equals(`${table}.namespace`, namespace),
        search === undefined ? undefined : containsText([`${table}.owners`], search),
      ]);
    const [jobs, datasets] = await Promise.all([
      db.selectFrom('jobs').select('owners').distinct().where('owners', 'is not', null).where(where('jobs')).execute(),
      db.selectFrom('datasets').select('owners').distinct().where('owners', 'is not', null).where(where('datasets')).execute(),
    ]);
    const names = new Set<string>();
    for (const row of [...jobs, ...datasets]) for (const name of ownerNamesOf(row.owners)) names.add(name);
    const needle = search?.toLowerCase();
    return [...names].filter((name) => needle === undefined || name.toLowerCase().includes(needle)).map((name) => ({ text: name, value: name }));
  },
  orchestrators: async ({ db }, { namespace, search, fetch }) => {
    const rows = await db
      .selectFrom('jobs')
      .select('orchestrator')
      .distinct()
      .where('orchestrator', 'is not', null)
      .where(
        all([
          namespace === undefined ? undefined : equals('jobs.namespace', namespace),
          search === undefined ? undefined : containsText(['jobs.orchestrator'], search),
        ]),
      )
      .orderBy('orchestrator')
      .limit(fetch)
      .execute();
    return rows.map((row) => ({ text: row.orchestrator as string, value: row.orchestrator as string }));
  },
};

/** Jobs or datasets: the name as text, with the namespace added where two namespaces share a name. */
function named(rows: Array<{ namespace: string; name: string }>, nodeId: (namespace: string, name: string) => string): Option[] {
  const perName = new Map<string, number>();
  for (const row of rows) perName.set(row.name, (perName.get(row.name) ?? 0) + 1);
  return rows.map((row) => ({
    text: (perName.get(row.name) ?? 0) > 1 ? `${row.name} (${row.namespace})` : row.name,
    value: nodeId(row.namespace, row.name),
  }));
}

/** Case-insensitive by text, then by value: the same order on both databases. */
function sortOptions(options: Option[]): Option[] {
  const key = (o: Option) => o.text.toLowerCase();
  return options.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
