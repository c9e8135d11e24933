import type { FieldProblem } from '../model/validationError';

/** The one error body every failing request gets: a machine code, a sentence, and field paths. */
export interface ErrorBody {
  error: string;
  message: string;
  problems?: FieldProblem[];
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly problems?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.problems ? { problems: this.problems } : {}) };
  }
}
