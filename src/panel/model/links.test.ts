import { describe, expect, it } from 'vitest';

import { nodeLinks } from './links';

describe('nodeLinks', () => {
  it('links a dataset to its health dashboard by node id', () => {
    expect(nodeLinks({ id: 'dataset:postgres%3A//db%3A5432:public.orders', kind: 'dataset', namespace: 'postgres://db:5432', name: 'public.orders', placeholder: false })).toEqual([
      { title: 'Dataset health', url: '/d/pipelinepane-dataset-health?var-dataset=dataset%3Apostgres%253A%2F%2Fdb%253A5432%3Apublic.orders' },
    ]);
  });

  it('links a job to its run dashboard by namespace and job node id, keeping the time range', () => {
    expect(nodeLinks({ id: 'job:airflow prod:dag.task&x', kind: 'job', namespace: 'airflow prod', name: 'dag.task&x', placeholder: false }, 'from=now-6h&to=now')).toEqual([
      { title: 'Job runs', url: '/d/pipelinepane-job-detail?var-namespace=airflow%20prod&var-job=job%3Aairflow%20prod%3Adag.task%26x&from=now-6h&to=now' },
    ]);
  });

  it('has no link for other nodes', () => {
    expect(nodeLinks({ id: 'svc', kind: 'other', namespace: '', name: 'svc', placeholder: false })).toEqual([]);
  });
});
