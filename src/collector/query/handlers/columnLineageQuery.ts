import { type QueryHandler, QueryError } from '../queryContext';

// Placeholder until this kind is built; answers a clear 400 instead of a 500.
export const columnLineageQuery: QueryHandler<'columnLineage'> = async () => {
  throw new QueryError('kind', 'query kind "columnLineage" is not available yet');
};
