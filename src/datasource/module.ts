import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor/ConfigEditor';
import { QueryEditor } from './components/QueryEditor/QueryEditor';
import { DataSource } from './datasource';
import { PaneOptions, PaneQuery, PaneSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, PaneQuery, PaneOptions, PaneSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
