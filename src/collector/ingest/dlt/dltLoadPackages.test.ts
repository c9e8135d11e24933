import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentChecks } from '../dbt/documentChecks';
import { failedJobsOf, failureLines, readDltLoadPackages, tableOfJobFile } from './dltLoadPackages';

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));

describe('readDltLoadPackages', () => {
  it('reads packages and jobs of a successful load', () => {
    const checks = new DocumentChecks();
    const [pkg] = readDltLoadPackages(fixture('load_info_success.json').load_packages, '/load_packages', checks);
    expect(checks.problems).toEqual([]);
    expect(pkg).toMatchObject({ loadId: '1714542061.481515', state: 'loaded', completedAt: Date.parse('2024-05-01T05:41:07.431Z') });
    expect(pkg.jobs.map((j) => `${j.tableName}:${j.state}`)).toEqual([
      'customers:completed_jobs',
      'orders:completed_jobs',
      'payments:completed_jobs',
      '_dlt_pipeline_state:completed_jobs',
    ]);
    expect(failureLines([pkg])).toEqual([]);
  });

  it('finds failed jobs and their messages', () => {
    const checks = new DocumentChecks();
    const packages = readDltLoadPackages(fixture('load_info_failed_job.json').load_packages, '/load_packages', checks);
    expect(failedJobsOf(packages)).toEqual([
      expect.objectContaining({ loadId: '1714628462.091243', tableName: 'payments', jobId: 'payments.b7c41e9d05.insert_values', state: 'failed_jobs' }),
    ]);
    expect(failureLines(packages)[0]).toMatch(/^load package 1714628462\.091243: job payments\.b7c41e9d05\.insert_values failed: invalid input syntax for type bigint/);
  });

  it('tells the table from the job file when table_name is missing, and flags unloaded packages', () => {
    expect(tableOfJobFile('/x/completed_jobs/orders__items.0f3e8d2a61.1.parquet')).toBe('orders__items');
    expect(tableOfJobFile('weird')).toBeUndefined();
    const checks = new DocumentChecks();
    const packages = readDltLoadPackages(
      [{ load_id: '1', state: 'aborted', completed_at: null, jobs: [{ state: 'failed_jobs', file_path: '/p/failed_jobs/orders.ab12cd34ef.0.jsonl', failed_message: null }] }],
      '/load_packages',
      checks,
    );
    expect(packages[0].jobs[0].tableName).toBe('orders');
    expect(failureLines(packages)).toEqual(['load package 1: job orders failed: (no message)', 'load package 1 is aborted, not loaded']);
  });

  it('names wrong fields', () => {
    const checks = new DocumentChecks();
    readDltLoadPackages([{ load_id: 1, state: 'loaded', completed_at: 'then', jobs: [{ state: null }, 'x'] }, 7], '/load_packages', checks);
    expect(checks.problems.map((p) => p.path)).toEqual([
      '/load_packages/0/load_id',
      '/load_packages/0/completed_at',
      '/load_packages/0/jobs/0/state',
      '/load_packages/0/jobs/1',
      '/load_packages/1',
    ]);
  });
});
