import { QueryError } from './queryContext';

/**
 * Reading a target's filters. Targets arrive as untrusted JSON, so every handler reads its
 * fields through these: a wrong type or value is a QueryError naming the field (`states/1`),
 * which the query API reports as `targets/<index>/<field>`. An empty string counts as "not
 * set", as Grafana sends one for an empty variable.
 */
type Target = object;

const read = (target: Target, name: string): unknown => (target as Record<string, unknown>)[name];

export function optionalString(target: Target, name: string): string | undefined {
  const value = read(target, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new QueryError(name, `must be a string, got ${describe(value)}`);
  return value;
}

export function requiredString(target: Target, name: string): string {
  const value = optionalString(target, name);
  if (value === undefined) throw new QueryError(name, 'is required');
  return value;
}

export function optionalBoolean(target: Target, name: string): boolean | undefined {
  const value = read(target, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new QueryError(name, `must be true or false, got ${describe(value)}`);
  return value;
}

/** One of a fixed set of values, or `fallback` (undefined unless given) when not set. */
export function optionalChoice<T extends string, F extends T | undefined = undefined>(
  target: Target,
  name: string,
  allowed: readonly T[],
  fallback?: F,
): T | F {
  const value = optionalString(target, name);
  if (value === undefined) return fallback as F;
  if (!allowed.includes(value as T)) throw new QueryError(name, `"${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** A list of values from a fixed set; a single value is taken as a list of one; empty means "not set". */
export function optionalChoiceList<T extends string>(target: Target, name: string, allowed: readonly T[]): T[] | undefined {
  const raw = read(target, name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const values = Array.isArray(raw) ? raw : [raw];
  values.forEach((value, index) => {
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      throw new QueryError(
        Array.isArray(raw) ? `${name}/${index}` : name,
        `${typeof value === 'string' ? `"${value}"` : describe(value)} is not one of ${allowed.join(', ')}`,
      );
    }
  });
  return values.length > 0 ? [...new Set(values as T[])] : undefined;
}

export function optionalInteger(target: Target, name: string, bounds: { min: number; max: number }): number | undefined {
  const value = read(target, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new QueryError(name, `must be a whole number, got ${describe(value)}`);
  }
  if (value < bounds.min || value > bounds.max) {
    throw new QueryError(name, `must be between ${bounds.min} and ${bounds.max}, got ${value}`);
  }
  return value;
}

/** The target's row limit: `limit` if set (1..max), else the kind's default. */
export function limitOf(target: Target, limits: { defaultLimit: number; maxLimit: number }): number {
  return optionalInteger(target, 'limit', { min: 1, max: limits.maxLimit }) ?? limits.defaultLimit;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
