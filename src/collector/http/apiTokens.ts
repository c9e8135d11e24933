import { createHash, timingSafeEqual } from 'node:crypto';

export type TokenScope = 'read' | 'write';

interface StoredToken {
  digest: Buffer;
  scope: TokenScope;
}

export class TokenConfigError extends Error {}

/**
 * API tokens from `PANE_TOKENS` (`token:scope,token:scope`, scope `read` or `write`).
 * Tokens are kept as SHA-256 digests and every lookup compares against all of them with
 * timingSafeEqual, so neither a token's content nor its position leaks through timing.
 */
export class ApiTokens {
  private constructor(private readonly tokens: StoredToken[]) {}

  static parse(spec: string | undefined): ApiTokens {
    const tokens: StoredToken[] = [];
    const entries = (spec ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    entries.forEach((entry, index) => {
      const separator = entry.lastIndexOf(':');
      const token = separator > 0 ? entry.slice(0, separator) : '';
      const scope = separator > 0 ? entry.slice(separator + 1) : '';
      if (!token || (scope !== 'read' && scope !== 'write')) {
        throw new TokenConfigError(
          `PANE_TOKENS entry ${index + 1} is not "token:read" or "token:write" (got "${entry.slice(0, 4)}…")`,
        );
      }
      if (token.length < 16) {
        throw new TokenConfigError(`PANE_TOKENS entry ${index + 1}: a token needs at least 16 characters`);
      }
      tokens.push({ digest: digest(token), scope });
    });
    return new ApiTokens(tokens);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The scope of a presented token, or undefined when it matches none. */
  scopeOf(presented: string): TokenScope | undefined {
    const presentedDigest = digest(presented);
    let found: TokenScope | undefined;
    for (const token of this.tokens) {
      if (timingSafeEqual(token.digest, presentedDigest) && found !== 'write') {
        found = token.scope;
      }
    }
    return found;
  }
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** write implies read */
export const scopeAllows = (granted: TokenScope, required: TokenScope): boolean =>
  granted === 'write' || required === 'read';
