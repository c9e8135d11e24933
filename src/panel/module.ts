import { PanelPlugin } from '@grafana/data';

import { LineagePanel } from './components/LineagePanel/LineagePanel';
import { DEFAULT_OPTIONS, LineageOptions } from './types';

export const plugin = new PanelPlugin<LineageOptions>(LineagePanel).setPanelOptions((builder) =>
  builder.addBooleanSwitch({
    path: 'listNodes',
    name: 'List node names',
    description: 'Show the name of every job and dataset under the counts',
    defaultValue: DEFAULT_OPTIONS.listNodes,
  }),
);
