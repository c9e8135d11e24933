import { type DataFrame, type MetricFindValue } from '@grafana/data';

import type { PaneVariableQuery, VariableSubject } from './types';

/**
 * Variable queries: a definition (subject, namespace, search) from the variable editor, or the
 * short text form `jobs`, `jobs(<namespace>)`, `datasets(<namespace>, <search>)` that older
 * dashboards and provisioning write. Pure.
 */
export const VARIABLE_SUBJECTS: VariableSubject[] = ['namespaces', 'jobs', 'datasets', 'owners', 'orchestrators'];

export class VariableQueryError extends Error {}

export function parseVariableQuery(query: unknown): PaneVariableQuery {
  if (typeof query === 'object' && query !== null) {
    const q = query as Partial<PaneVariableQuery> & { query?: string };
    if (q.subject) {return { refId: q.refId ?? 'variable', subject: q.subject, namespace: q.namespace, search: q.search };}
    if (typeof q.query === 'string') {return parseVariableQuery(q.query);}
    throw new VariableQueryError(`a variable query needs a subject: one of ${VARIABLE_SUBJECTS.join(', ')}`);
  }
  const text = String(query ?? '').trim();
  const match = /^(\w+)\s*(?:\(\s*([^,)]*?)\s*(?:,\s*([^)]*?)\s*)?\))?$/.exec(text);
  const subject = match?.[1] as VariableSubject | undefined;
  if (!match || !subject || !VARIABLE_SUBJECTS.includes(subject)) {
    throw new VariableQueryError(`"${text}" is not a variable query: use one of ${VARIABLE_SUBJECTS.join(', ')}, optionally with (namespace, search)`);
  }
  return { refId: 'variable', subject, namespace: match[2] || undefined, search: match[3] || undefined };
}

/** The collector's variables frame (`text`, `value`) as Grafana's MetricFindValues. */
export function framesToMetricFindValues(frames: DataFrame[]): MetricFindValue[] {
  return frames.flatMap((frame) => {
    const text = frame.fields.find((f) => f.name === 'text');
    const value = frame.fields.find((f) => f.name === 'value') ?? text;
    if (!text) {return [];}
    return Array.from({ length: frame.length }, (_, i) => ({ text: String(text.values[i]), value: String(value?.values[i] ?? text.values[i]) }));
  });
}
