import { type QueryHandler, QueryError } from '../queryContext';

// Placeholder until this kind is built; answers a clear 400 instead of a 500.
export const impactQuery: QueryHandler<'impact'> = async () => {
  throw new QueryError('kind', 'query kind "impact" is not available yet');
};
