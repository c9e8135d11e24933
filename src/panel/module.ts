import { DataFrame, PanelPlugin, SelectableValue } from '@grafana/data';

import { LineagePanel } from './components/LineagePanel/LineagePanel';
import { isNodesFrame, labelFieldNames } from './model/graphModel';
import { type ColorBy, colorByNames } from './model/health';
import { NO_LABEL } from './model/labels';
import { DEFAULT_OPTIONS, LineageOptions } from './types';

const builtInLabels: Array<SelectableValue<string>> = [
  { value: 'title', label: 'Title', description: 'the title field, else the name' },
  { value: 'name', label: 'Name', description: 'the name part of the node id' },
  { value: 'id', label: 'Node id' },
  { value: 'namespace', label: 'Namespace' },
  { value: 'subtitle', label: 'Subtitle', description: 'the subtitle field, else the namespace' },
  { value: 'mainstat', label: 'Main stat' },
  { value: 'secondarystat', label: 'Secondary stat' },
];

/** Built-in labels plus every text or number field of the nodes frames in the data. */
const labelOptions = (withNone: boolean) => async (context: { data?: DataFrame[] }) => {
  const known = new Set(builtInLabels.map((option) => option.value));
  const fromData = (context.data ?? [])
    .filter((frame): frame is DataFrame => frame !== undefined && isNodesFrame(frame))
    .flatMap(labelFieldNames)
    .filter((name) => !known.has(name) && name !== 'id')
    .map((name) => ({ value: name, label: name }));
  return [...(withNone ? [{ value: NO_LABEL, label: 'None' }] : []), ...builtInLabels, ...fromData];
};

export const plugin = new PanelPlugin<LineageOptions>(LineagePanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'direction',
      name: 'Direction',
      description: 'Which way data flows in the drawing',
      defaultValue: DEFAULT_OPTIONS.direction,
      settings: {
        options: [
          { value: 'LR', label: 'Left to right' },
          { value: 'TB', label: 'Top to bottom' },
        ],
      },
    })
    .addRadio({
      path: 'colorBy',
      name: 'Colour by',
      description: 'The health each node shows',
      defaultValue: DEFAULT_OPTIONS.colorBy,
      settings: {
        options: (Object.keys(colorByNames) as ColorBy[]).map((value) => ({ value, label: colorByNames[value] })),
      },
    })
    .addNumberInput({
      path: 'maxNodes',
      name: 'Maximum nodes',
      description: 'Above this, the biggest namespaces are collapsed into one node each (expand them by double-clicking)',
      defaultValue: DEFAULT_OPTIONS.maxNodes,
      settings: { min: 10, max: 100_000, integer: true },
    })
    .addSelect({
      path: 'labelField',
      name: 'Label',
      description: 'Field of the nodes frame that names each node',
      defaultValue: DEFAULT_OPTIONS.labelField,
      settings: { options: builtInLabels, allowCustomValue: true, getOptions: labelOptions(false) },
    })
    .addSelect({
      path: 'secondaryLabelField',
      name: 'Second line',
      description: 'Field shown under the label when zoomed in',
      defaultValue: DEFAULT_OPTIONS.secondaryLabelField,
      settings: { options: [{ value: NO_LABEL, label: 'None' }, ...builtInLabels], allowCustomValue: true, getOptions: labelOptions(true) },
    })
    .addBooleanSwitch({
      path: 'groupByNamespace',
      name: 'Group by namespace',
      description: 'Start with each namespace collapsed into one node',
      defaultValue: DEFAULT_OPTIONS.groupByNamespace,
    })
    .addRadio({
      path: 'columnLineage',
      name: 'Column lineage',
      description: 'Column-level edges from a "Column lineage" query in this panel: on the focused dataset, on every dataset, or hidden',
      defaultValue: DEFAULT_OPTIONS.columnLineage,
      settings: {
        options: [
          { value: 'focused', label: 'Focused dataset' },
          { value: 'all', label: 'All' },
          { value: 'off', label: 'Off' },
        ],
      },
    })
    .addTextInput({
      path: 'focusVariable',
      name: 'Focus variable',
      description: 'Dashboard variable set to the clicked node id (e.g. "dataset", for a column lineage query on $dataset)',
      defaultValue: DEFAULT_OPTIONS.focusVariable,
      settings: { placeholder: 'variable name' },
    })
    .addBooleanSwitch({
      path: 'showLegend',
      name: 'Legend',
      defaultValue: DEFAULT_OPTIONS.showLegend,
    })
    .addRadio({
      path: 'layoutEngine',
      name: 'Layout',
      description: 'Auto: dagre on small graphs, the fast layered layout on big ones',
      defaultValue: DEFAULT_OPTIONS.layoutEngine,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'dagre', label: 'dagre' },
          { value: 'fast', label: 'Fast layered' },
        ],
      },
    }),
);
