import type { QueryHandlers } from './queryContext';
import { runsQuery } from './handlers/runsQuery';
import { runStatsQuery } from './handlers/runStatsQuery';
import { freshnessQuery } from './handlers/freshnessQuery';
import { qualityQuery } from './handlers/qualityQuery';
import { qualityStatsQuery } from './handlers/qualityStatsQuery';
import { volumeQuery } from './handlers/volumeQuery';
import { lineageQuery } from './handlers/lineageQuery';
import { columnLineageQuery } from './handlers/columnLineageQuery';
import { impactQuery } from './handlers/impactQuery';
import { eventsQuery } from './handlers/eventsQuery';
import { traceQuery } from './handlers/traceQuery';
import { variablesQuery } from './handlers/variablesQuery';
import { annotationsQuery } from './handlers/annotationsQuery';

/** Which handler answers which query kind. */
export const queryHandlers: QueryHandlers = {
  runs: runsQuery,
  runStats: runStatsQuery,
  freshness: freshnessQuery,
  quality: qualityQuery,
  qualityStats: qualityStatsQuery,
  volume: volumeQuery,
  lineage: lineageQuery,
  columnLineage: columnLineageQuery,
  impact: impactQuery,
  events: eventsQuery,
  trace: traceQuery,
  variables: variablesQuery,
  annotations: annotationsQuery,
};
