import { FieldProblem, InvalidDocumentError } from '../../model/validationError';
import { parseIsoTimestamp } from '../../model/isoTimestamp';

/**
 * Reading a received JSON document field by field while collecting every problem, each named by its JSON
 * pointer into the body (`/results/3/status`), so one 400 answer lists all wrong fields at once.
 * Shared by the dbt and dlt normalizers.
 */

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `pointer('/results', 3, 'status')` → `/results/3/status`, escaping `~` and `/` as RFC 6901 says. */
export function pointer(base: string, ...segments: Array<string | number>): string {
  return segments.reduce<string>(
    (path, segment) => `${path}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`,
    base,
  );
}

export interface FieldOptions {
  /** absent (undefined) is fine */
  optional?: boolean;
  /** null is fine (and read as undefined) */
  nullable?: boolean;
}

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
};

export class DocumentChecks {
  readonly problems: FieldProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one InvalidDocumentError naming every problem found so far. */
  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new InvalidDocumentError([...this.problems]);
    }
  }

  private present(value: unknown, path: string, options: FieldOptions, expected: string): boolean {
    if (value === undefined) {
      if (!options.optional) this.add(path, `is required (${expected})`);
      return false;
    }
    if (value === null) {
      if (!options.nullable) this.add(path, `must be ${expected}, got null`);
      return false;
    }
    return true;
  }

  object(value: unknown, path: string, options: FieldOptions = {}): JsonObject | undefined {
    if (!this.present(value, path, options, 'an object')) return undefined;
    if (isJsonObject(value)) return value;
    this.add(path, `must be an object, got ${describe(value)}`);
    return undefined;
  }

  array(value: unknown, path: string, options: FieldOptions = {}): unknown[] | undefined {
    if (!this.present(value, path, options, 'an array')) return undefined;
    if (Array.isArray(value)) return value;
    this.add(path, `must be an array, got ${describe(value)}`);
    return undefined;
  }

  string(value: unknown, path: string, options: FieldOptions & { nonEmpty?: boolean } = {}): string | undefined {
    if (!this.present(value, path, options, 'a string')) return undefined;
    if (typeof value !== 'string') {
      this.add(path, `must be a string, got ${describe(value)}`);
      return undefined;
    }
    if (options.nonEmpty && value.trim() === '') {
      this.add(path, 'must not be empty');
      return undefined;
    }
    return value;
  }

  number(value: unknown, path: string, options: FieldOptions & { integer?: boolean; min?: number } = {}): number | undefined {
    const expected = options.integer ? 'an integer' : 'a number';
    if (!this.present(value, path, options, expected)) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
      this.add(path, `must be ${expected}, got ${describe(value)}`);
      return undefined;
    }
    if (options.min !== undefined && value < options.min) {
      this.add(path, `must be at least ${options.min}, got ${value}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string, options: FieldOptions = {}): boolean | undefined {
    if (!this.present(value, path, options, 'a boolean')) return undefined;
    if (typeof value === 'boolean') return value;
    this.add(path, `must be a boolean, got ${describe(value)}`);
    return undefined;
  }

  /** An ISO-8601 timestamp string, read as epoch milliseconds (a missing zone means UTC). */
  timestamp(value: unknown, path: string, options: FieldOptions = {}): number | undefined {
    if (!this.present(value, path, options, 'an ISO-8601 timestamp')) return undefined;
    if (typeof value === 'string') {
      const epoch = parseIsoTimestamp(value);
      if (epoch !== undefined) return epoch;
    }
    this.add(path, `must be an ISO-8601 timestamp, got ${describe(value)}`);
    return undefined;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], options: FieldOptions = {}): T | undefined {
    const text = this.string(value, path, options);
    if (text === undefined) return undefined;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.add(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(text)}`);
    return undefined;
  }

  /** An array of strings (each element checked). */
  strings(value: unknown, path: string, options: FieldOptions = {}): string[] | undefined {
    const list = this.array(value, path, options);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((item, index) => {
      const text = this.string(item, pointer(path, index));
      if (text !== undefined) out.push(text);
    });
    return out;
  }
}
