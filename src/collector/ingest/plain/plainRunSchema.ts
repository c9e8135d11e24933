/** JSON Schema of a plain run report: what a cron job, CI step, cloud function or notebook sends. */
const datasetRef = {
  anyOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      properties: {
        namespace: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1 },
        rows: { type: 'integer', minimum: 0 },
        bytes: { type: 'integer', minimum: 0 },
        files: { type: 'integer', minimum: 0 },
      },
      required: ['name'],
      additionalProperties: false,
    },
  ],
} as const;

export const plainRunReportSchema = {
  type: 'object',
  properties: {
    namespace: { type: 'string', minLength: 1, maxLength: 512 },
    job: { type: 'string', minLength: 1, maxLength: 1024 },
    runId: { type: 'string', format: 'uuid' },
    status: {
      type: 'string',
      enum: ['running', 'success', 'failed', 'aborted', 'START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT'],
    },
    eventTime: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time' },
    durationMs: { type: 'number', minimum: 0 },
    nominalTime: { type: 'string', format: 'date-time' },
    parentRunId: { type: 'string', format: 'uuid' },
    parentJob: { type: 'string', minLength: 1 },
    parentNamespace: { type: 'string', minLength: 1 },
    orchestrator: { type: 'string', minLength: 1, maxLength: 64 },
    error: { type: 'string', maxLength: 65536 },
    stackTrace: { type: 'string', maxLength: 262144 },
    exitCode: { type: 'integer' },
    rows: { type: 'integer', minimum: 0 },
    inputs: { type: 'array', items: datasetRef, maxItems: 1000 },
    outputs: { type: 'array', items: datasetRef, maxItems: 1000 },
    owners: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 100 },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    url: { type: 'string', format: 'uri' },
    facets: { type: 'object' },
  },
  additionalProperties: false,
} as const;
