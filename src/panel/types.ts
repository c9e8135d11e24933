export interface LineageOptions {
  /** List every node's name under the counts. */
  listNodes: boolean;
}

export const DEFAULT_OPTIONS: LineageOptions = { listNodes: true };
