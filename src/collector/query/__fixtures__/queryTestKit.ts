import type { DataFrameJson } from '../../../contract/frames';
import type { QueryRequest, QueryResult, QueryTarget } from '../../../contract/query';
import type { SlaResolver } from '../../sla/slaResolver';
import type { PaneDatabase } from '../../store/openDatabase';
import { runQuery } from '../runQuery';
import { historyNow, historyStart } from './pipelineHistory';

/** No SLA config (the handlers tested here read only stored observations). */
export const testSlas: SlaResolver = {
  forDataset: (_dataset, facts) => ({ owners: facts?.owners ?? [], severity: 'warning', sources: ['test'] }),
  forJob: (_job, facts) => ({ owners: facts?.owners ?? [], severity: 'warning', sources: ['test'] }),
};

type TargetInput = Omit<QueryTarget, 'refId'> & Record<string, unknown>;

/** Answers one target over the pipeline history's twelve hours (or the given request fields). */
export async function answerTarget(
  database: PaneDatabase,
  target: TargetInput,
  request: Partial<Omit<QueryRequest, 'targets'>> = {},
): Promise<QueryResult> {
  const response = await runQuery(
    { range: { from: historyStart, to: historyNow }, ...request, targets: [{ refId: 'A', ...target } as QueryTarget] },
    { database, slas: testSlas, now: historyNow },
  );
  return response.results.A;
}

/** The single frame of a target that must succeed. */
export async function answerFrame(
  database: PaneDatabase,
  target: TargetInput,
  request: Partial<Omit<QueryRequest, 'targets'>> = {},
): Promise<DataFrameJson> {
  const result = await answerTarget(database, target, request);
  if (result.error) throw new Error(`query failed: ${result.error}`);
  if (result.frames.length !== 1) throw new Error(`expected one frame, got ${result.frames.length}`);
  return result.frames[0];
}

export const values = (frame: DataFrameJson, name: string): unknown[] => {
  const field = frame.fields.find((f) => f.name === name);
  if (!field) throw new Error(`frame has no field "${name}" (fields: ${frame.fields.map((f) => f.name).join(', ')})`);
  return field.values;
};

/** The frame as row objects keyed by field name. */
export const rows = (frame: DataFrameJson): Array<Record<string, unknown>> =>
  (frame.fields[0]?.values ?? []).map((_, i) => Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]])));
