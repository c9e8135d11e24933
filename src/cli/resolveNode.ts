import { NodeIdError, parseNodeId } from '../contract/nodeIds';
import type { CollectorClient } from './collectorClient';
import { usageError } from './exitCodes';
import { rowsOf } from './output/frameRows';

/**
 * A node as the user typed it: a node id (`dataset:<namespace>:<name>`) is checked and used as
 * is; a bare name is looked up among the collector's jobs and datasets and must name exactly one.
 */
export async function resolveNode(client: CollectorClient, text: string, kinds: Array<'job' | 'dataset'> = ['job', 'dataset']): Promise<string> {
  const typed = text.trim();
  if (/^(job|dataset):/.test(typed)) {
    try {
      const ref = parseNodeId(typed);
      if (!kinds.includes(ref.kind)) throw usageError(`"${typed}" is a ${ref.kind}; this needs a ${kinds.join(' or ')}`);
    } catch (error) {
      if (error instanceof NodeIdError) throw usageError(error.message);
      throw error;
    }
    return typed;
  }
  if (typed === '') throw usageError('a node is required: job:<namespace>:<name>, dataset:<namespace>:<name>, or a name');
  const subjects = kinds.map((kind) => (kind === 'job' ? 'jobs' : 'datasets'));
  const response = await client.query({
    targets: subjects.map((subject) => ({ refId: subject, kind: 'variables' as const, subject: subject as 'jobs' | 'datasets', search: typed, limit: 200 })),
  });
  const candidates = subjects.flatMap((subject) => {
    const result = response.results[subject];
    if (!result || result.error) return [];
    return rowsOf(result.frames[0]).map((row) => String(row.value));
  });
  const exact = candidates.filter((id) => {
    try {
      return parseNodeId(id).name === typed;
    } catch {
      return false;
    }
  });
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    throw usageError(`"${typed}" names ${exact.length} nodes; give the node id of one:`, exact.slice(0, 20));
  }
  const similar = candidates.slice(0, 10);
  throw usageError(
    `no job or dataset is named "${typed}"${similar.length > 0 ? '; similar names:' : ' (node ids look like dataset:<namespace>:<name>)'}`,
    similar,
  );
}
