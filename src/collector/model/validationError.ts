/** One problem with an ingested document, named by its JSON path (`/run/runId`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Thrown by normalizers and validators; the HTTP layer turns it into a 400 naming each path. */
export class InvalidDocumentError extends Error {
  constructor(
    readonly problems: FieldProblem[],
    readonly statusCode = 400,
  ) {
    super(problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; '));
    this.name = 'InvalidDocumentError';
  }
}

export const invalid = (path: string, message: string): InvalidDocumentError =>
  new InvalidDocumentError([{ path, message }]);
