import type { LayoutEngineChoice } from './layout/layoutGraph';
import type { LayoutDirection } from './layout/types';
import type { ColorBy } from './model/health';

export type ColumnLineageMode = 'focused' | 'all' | 'off';

export interface LineageOptions {
  /** layers left to right (LR) or top to bottom (TB) */
  direction: LayoutDirection;
  /** the health each node's badge shows */
  colorBy: ColorBy;
  /** more nodes than this and the biggest namespaces are collapsed into groups */
  maxNodes: number;
  /** nodes-frame field for each node's first line */
  labelField: string;
  /** nodes-frame field for the second line, or "none" */
  secondaryLabelField: string;
  /** start with every namespace collapsed into one group node */
  groupByNamespace: boolean;
  /** column-level edges (from a columnLineage query in the same panel) */
  columnLineage: ColumnLineageMode;
  /** dashboard variable set to the node id on click, e.g. `dataset` for a columnLineage query on $dataset */
  focusVariable: string;
  showLegend: boolean;
  layoutEngine: LayoutEngineChoice;
}

export const DEFAULT_OPTIONS: LineageOptions = {
  direction: 'LR',
  colorBy: 'freshness',
  maxNodes: 2000,
  labelField: 'title',
  secondaryLabelField: 'subtitle',
  groupByNamespace: false,
  columnLineage: 'focused',
  focusVariable: '',
  showLegend: true,
  layoutEngine: 'auto',
};

/** Options as saved may predate a field, or hold junk: each falls back to its default. */
export function withDefaults(options: Partial<LineageOptions> | undefined): LineageOptions {
  const o = { ...DEFAULT_OPTIONS, ...(options ?? {}) };
  return {
    ...o,
    direction: o.direction === 'TB' ? 'TB' : 'LR',
    colorBy: (['freshness', 'quality', 'runState'] as const).includes(o.colorBy) ? o.colorBy : DEFAULT_OPTIONS.colorBy,
    maxNodes: Number.isFinite(Number(o.maxNodes)) && Number(o.maxNodes) > 0 ? Math.floor(Number(o.maxNodes)) : DEFAULT_OPTIONS.maxNodes,
    columnLineage: (['focused', 'all', 'off'] as const).includes(o.columnLineage) ? o.columnLineage : DEFAULT_OPTIONS.columnLineage,
    layoutEngine: (['auto', 'dagre', 'fast'] as const).includes(o.layoutEngine) ? o.layoutEngine : 'auto',
    focusVariable: typeof o.focusVariable === 'string' ? o.focusVariable.trim().replace(/^\$/, '') : '',
  };
}
