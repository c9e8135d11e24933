import type { Dashboard as DeprecatedDashboard } from '@grafana/grafana-foundation-sdk/dashboard';

// The classic dashboard model (see baseDashboard in common.ts for why not dashboardv2).
// eslint-disable-next-line @typescript-eslint/no-deprecated
type Dashboard = DeprecatedDashboard;

import { collectorHealthDashboard } from './collectorHealth';
import { dataQualityDashboard } from './dataQuality';
import { datasetHealthDashboard } from './datasetHealth';
import { jobDetailDashboard } from './jobDetail';
import { lineageExplorerDashboard } from './lineageExplorer';
import { overviewDashboard } from './overview';
import { type DashboardKey, dashboardUids } from './uids';

export { dashboardUids, datasourceUids, pluginIds } from './uids';

export interface DashboardDefinition {
  key: DashboardKey;
  uid: string;
  /** the file under dashboards/, as the app's plugin.json includes it */
  file: string;
  /** the name in the app's includes and in Grafana's navigation */
  name: string;
  /** shown in the app's navigation */
  addToNav: boolean;
  build: () => { build(): Dashboard };
}

/** The six dashboards, in the order the app lists them. */
export const dashboardDefinitions: readonly DashboardDefinition[] = [
  { key: 'overview', uid: dashboardUids.overview, file: 'overview.json', name: 'Pipelines overview', addToNav: true, build: overviewDashboard },
  { key: 'jobDetail', uid: dashboardUids.jobDetail, file: 'job-detail.json', name: 'Job detail', addToNav: false, build: jobDetailDashboard },
  { key: 'datasetHealth', uid: dashboardUids.datasetHealth, file: 'dataset-health.json', name: 'Dataset health', addToNav: false, build: datasetHealthDashboard },
  { key: 'lineage', uid: dashboardUids.lineage, file: 'lineage-explorer.json', name: 'Lineage explorer', addToNav: true, build: lineageExplorerDashboard },
  { key: 'quality', uid: dashboardUids.quality, file: 'data-quality.json', name: 'Data quality', addToNav: true, build: dataQualityDashboard },
  { key: 'collector', uid: dashboardUids.collector, file: 'collector-health.json', name: 'Collector health', addToNav: true, build: collectorHealthDashboard },
];

/**
 * A dashboard as JSON, ready for Grafana: panels numbered in order (links such as `viewPanel`
 * and Grafana's own bookkeeping want stable ids) and a fixed version, so regenerating unchanged
 * code gives byte-identical files.
 */
export function renderDashboard(definition: DashboardDefinition): Dashboard {
  const model = definition.build().build();
  let id = 1;
  const number = (panels: Array<{ id?: number; panels?: unknown[] }> | undefined) => {
    for (const panel of panels ?? []) {
      panel.id = id++;
      if (Array.isArray(panel.panels)) {
        number(panel.panels as Array<{ id?: number }>);
      }
    }
  };
  number(model.panels as Array<{ id?: number; panels?: unknown[] }>);
  if (model.uid !== definition.uid) {
    throw new Error(`dashboard ${definition.key} builds uid ${model.uid}, expected ${definition.uid}`);
  }
  return { ...model, id: null, version: 1 };
}

/** Every dashboard file: its path under the repository and its text. */
export function dashboardFiles(): Array<{ path: string; content: string }> {
  return dashboardDefinitions.map((definition) => ({
    path: `dashboards/${definition.file}`,
    content: `${JSON.stringify(renderDashboard(definition), null, 2)}\n`,
  }));
}

/** The app plugin.json `includes` entries for the dashboards. */
export function dashboardIncludes(): Array<{ type: 'dashboard'; name: string; path: string; uid: string; role: 'Viewer'; addToNav: boolean }> {
  return dashboardDefinitions.map((definition) => ({
    type: 'dashboard',
    name: definition.name,
    path: `dashboards/${definition.file}`,
    uid: definition.uid,
    role: 'Viewer',
    addToNav: definition.addToNav,
  }));
}
