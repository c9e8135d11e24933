import type { IngestEnvelope } from '../../model/observations';
import { type FieldProblem, InvalidDocumentError } from '../../model/validationError';
import type { IngestSink } from '../../store/ingestSink';

export interface BatchAnswer {
  status: 'success' | 'partial_success' | 'failure';
  received: number;
  stored: number;
  duplicates: number;
  failed: Array<{ index: number; problems: FieldProblem[] }>;
}

/**
 * Normalizes each document on its own, commits the good ones together and reports the bad ones
 * by index: one malformed event never costs its neighbours.
 */
export async function ingestBatch(
  documents: unknown[],
  normalize: (document: unknown) => IngestEnvelope,
  writer: IngestSink,
): Promise<{ statusCode: number; answer: BatchAnswer }> {
  const envelopes: IngestEnvelope[] = [];
  const failed: BatchAnswer['failed'] = [];
  documents.forEach((document, index) => {
    try {
      envelopes.push(normalize(document));
    } catch (error) {
      if (!(error instanceof InvalidDocumentError)) throw error;
      failed.push({ index, problems: error.problems.map((p) => ({ path: `/${index}${p.path === '/' ? '' : p.path}`, message: p.message })) });
    }
  });
  const outcomes = await writer.submit(envelopes);
  const stored = outcomes.filter((o) => o === 'stored').length;
  const answer: BatchAnswer = {
    status: failed.length === 0 ? 'success' : envelopes.length === 0 ? 'failure' : 'partial_success',
    received: documents.length,
    stored,
    duplicates: outcomes.length - stored,
    failed,
  };
  const statusCode = answer.status === 'success' ? 200 : answer.status === 'failure' ? 400 : 207;
  return { statusCode, answer };
}
