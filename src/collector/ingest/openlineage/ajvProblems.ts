import type { ErrorObject } from 'ajv';
import type { FieldProblem } from '../../model/validationError';

/** At most this many problems are reported for one document; the last one says how many were left out. */
export const MAX_PROBLEMS = 50;

/** Escapes one JSON Pointer segment (RFC 6901). */
export const pointerSegment = (segment: string | number): string =>
  typeof segment === 'number' ? String(segment) : segment.replace(/~/g, '~0').replace(/\//g, '~1');

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  null: 'null',
};

const FORMAT_MESSAGES: Record<string, string> = {
  uuid: 'must be a UUID',
  'date-time': 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z',
  uri: 'must be a URI',
};

/** Keywords that only say "one of the branches failed"; the branches' own errors say more. */
const COMBINATORS = new Set(['anyOf', 'oneOf']);

/**
 * Turns Ajv errors into FieldProblems: one JSON path per problem (a missing property is
 * named by its own path, `/job/name`, with "is required"), plain messages, no duplicates,
 * and no "must match a schema in anyOf" noise where the branches already explain.
 */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined, prefix = ''): FieldProblem[] {
  if (!errors || errors.length === 0) return [];
  const problems: FieldProblem[] = [];
  const combinators: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const problem = toProblem(error, prefix);
    const id = `${problem.path}\0${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    (COMBINATORS.has(error.keyword) ? combinators : problems).push(problem);
  }
  for (const c of combinators) {
    // Keep "must match one of" only where no branch error points at or under the same place.
    if (!problems.some((p) => p.path === c.path || p.path.startsWith(`${c.path}/`))) problems.push(c);
  }
  return capProblems(problems);
}

export function capProblems(problems: FieldProblem[]): FieldProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const kept = problems.slice(0, MAX_PROBLEMS - 1);
  kept.push({ path: '', message: `and ${problems.length - kept.length} more problems` });
  return kept;
}

function toProblem(error: ErrorObject, prefix: string): FieldProblem {
  const at = prefix + error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${at}/${pointerSegment(String(params.missingProperty))}`, message: 'is required' };
    case 'dependentRequired':
    case 'dependencies':
      return {
        path: `${at}/${pointerSegment(String(params.missingProperty))}`,
        message: `is required when ${String(params.property)} is present`,
      };
    case 'additionalProperties':
      return { path: `${at}/${pointerSegment(String(params.additionalProperty))}`, message: 'is not allowed here' };
    case 'type': {
      const types = String(params.type).split(',');
      return { path: at, message: `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}` };
    }
    case 'format':
      return { path: at, message: FORMAT_MESSAGES[String(params.format)] ?? `must be a valid ${String(params.format)}` };
    case 'enum':
      return { path: at, message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { path: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'discriminator': {
      const tagPath = `${at}/${pointerSegment(String(params.tag))}`;
      if (params.tagValue === undefined) return { path: tagPath, message: 'is required' };
      if (params.error === 'tag') return { path: tagPath, message: 'must be a string' };
      const allowed = (error.schema as { allowed?: unknown } | undefined)?.allowed;
      return {
        path: tagPath,
        message: Array.isArray(allowed) ? `must be one of ${allowed.join(', ')}` : 'is not one of the allowed values',
      };
    }
    case 'oneOf':
      return {
        path: at,
        message: Array.isArray(params.passingSchemas)
          ? 'matches more than one of the allowed shapes; it must match exactly one'
          : 'does not match any of the allowed shapes',
      };
    case 'anyOf':
      return { path: at, message: 'does not match any of the allowed shapes' };
    case 'false schema':
      return { path: at, message: 'is not allowed here' };
    default:
      return { path: at, message: error.message ?? `fails ${error.keyword}` };
  }
}
