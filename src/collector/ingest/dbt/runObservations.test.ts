import { describe, expect, it } from 'vitest';
import { distinctJobs, FinishedRun, mergeDatasets, runTransitions } from './runObservations';

const run: FinishedRun = {
  runId: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  job: { namespace: 'dbt://shop', name: 'model.shop.orders' },
  producer: 'dbt/1.8.3',
  orchestrator: 'dbt',
  inputs: [{ namespace: 'postgres://shop', name: 'shop.raw.orders' }],
  outputs: [{ namespace: 'postgres://shop', name: 'shop.main.orders', statistics: { rowCount: 99 } }],
  errorMessage: 'boom',
  runFacets: { dbt_node: { status: 'error' } },
};

describe('runTransitions', () => {
  it('emits START at the start and the terminal state at the end', () => {
    const [start, end] = runTransitions(run, { startedAt: 1000, endedAt: 2500, state: 'FAIL' });
    expect(start).toMatchObject({ eventType: 'START', eventTime: 1000, runId: run.runId });
    expect(start.errorMessage).toBeUndefined();
    expect(start.runFacets).toBeUndefined();
    expect(start.outputs).toEqual([{ namespace: 'postgres://shop', name: 'shop.main.orders' }]);
    expect(end).toMatchObject({ eventType: 'FAIL', eventTime: 2500, errorMessage: 'boom', outputs: run.outputs });
  });

  it('emits only the terminal state when the run never began', () => {
    const transitions = runTransitions(run, { endedAt: 2500, state: 'ABORT' });
    expect(transitions.map((t) => t.eventType)).toEqual(['ABORT']);
  });
});

describe('mergeDatasets / distinctJobs', () => {
  it('keeps one observation per dataset, completing statistics', () => {
    const merged = mergeDatasets([
      { namespace: 'a', name: 'x' },
      { namespace: 'a', name: 'x', statistics: { rowCount: 3 }, description: 'd' },
      { namespace: 'a', name: 'y' },
    ]);
    expect(merged).toEqual([
      { namespace: 'a', name: 'x', statistics: { rowCount: 3 }, description: 'd' },
      { namespace: 'a', name: 'y' },
    ]);
  });

  it('lists each job once', () => {
    const transitions = runTransitions(run, { startedAt: 1, endedAt: 2, state: 'COMPLETE' });
    expect(distinctJobs(transitions)).toEqual([run.job]);
  });
});
