import picomatch from 'picomatch';

/**
 * Globs for SLA rules: `*` is any run of characters except `/`, `**` also crosses `/`, `?` is one
 * character, `{a,b}` either, `[abc]` one of. Dataset names such as `analytics.marts.orders`
 * contain no `/`, so `analytics.*` matches every table below `analytics`. A pattern without
 * any of these characters matches exactly that name.
 */
const options: picomatch.PicomatchOptions = { dot: true, nobrace: false, noextglob: true };

export type GlobMatcher = (value: string) => boolean;

const cache = new Map<string, GlobMatcher>();

export function globMatcher(pattern: string): GlobMatcher {
  let matcher = cache.get(pattern);
  if (!matcher) {
    if (!isGlob(pattern)) {
      matcher = (value) => value === pattern;
    } else {
      const test = picomatch(pattern, options);
      matcher = (value) => test(value);
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher;
}

export const isGlob = (pattern: string): boolean => /[*?[\]{}]/.test(pattern);

/** Why a pattern cannot be used, or undefined. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'must not be empty';
  try {
    picomatch.makeRe(pattern, { ...options, strictBrackets: true });
    return undefined;
  } catch (error) {
    return `"${pattern}" is not a valid glob: ${(error as Error).message}`;
  }
}
