import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';

import type { ImpactTarget, LineageDirection, LineageTarget } from '../contract/query';
import { baseDashboard, freshnessMappings, hideColumns, lineageLink, linkOverride, paneDatasource, paneVariable } from './common';
import { pane } from './queries';
import { dashboardUids, pluginIds } from './uids';

const directions: LineageDirection[] = ['both', 'upstream', 'downstream'];

/**
 * The lineage panel at full size. Controls: namespace, a node to centre on (a job or dataset
 * node id; empty shows the whole namespace), direction, depth and "as of" (empty for now, or an
 * ISO time or epoch ms to see only what existed then).
 */
export function lineageExplorerDashboard() {
  return baseDashboard('Pipeline Pane / Lineage explorer', dashboardUids.lineage, 'How jobs and datasets feed each other, with health on every node.')
    .withVariable(paneVariable('namespace', 'namespaces', { label: 'Namespace', description: 'The namespace whose whole graph shows when no node is picked' }))
    .withVariable(
      new dashboard.TextBoxVariableBuilder('node')
        .label('Centre on')
        .description('A node id (job:<namespace>:<name> or dataset:<namespace>:<name>); empty for the whole namespace.')
        .defaultValue('')
        .current({ text: '', value: '' }),
    )
    .withVariable(
      new dashboard.CustomVariableBuilder('direction')
        .label('Direction')
        .values(directions.join(','))
        .current({ text: 'both', value: 'both' }),
    )
    .withVariable(
      new dashboard.CustomVariableBuilder('depth')
        .label('Depth')
        .description('Hops from the centre node')
        .values('1,2,3,5,10,20')
        .current({ text: '3', value: '3' }),
    )
    .withVariable(
      new dashboard.TextBoxVariableBuilder('asOf')
        .label('As of')
        .description('Empty for now; or an ISO time (2026-11-01T00:00:00Z) or epoch ms, to see the graph as it was then.')
        .defaultValue('')
        .current({ text: '', value: '' }),
    )
    .withPanel(
      new dashboard.PanelBuilder()
        .type(pluginIds.lineagePanel)
        .title('Lineage')
        .datasource(paneDatasource)
        .withTarget(
          pane<LineageTarget>({
            kind: 'lineage',
            node: '$node',
            namespace: '$namespace',
            // Variables are strings until the data source interpolates them; the collector reads numbers.
            direction: '$direction' as LineageDirection,
            depth: '$depth' as unknown as number,
            asOf: '$asOf',
          }),
        )
        // Clicking a node centres the explorer on it (the panel sets the `node` variable).
        .options({ direction: 'LR', colorBy: 'freshness', focusVariable: 'node', showLegend: true })
        .height(24)
        .span(24),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Downstream of the centre node')
        .description('Everything that depends on the centre node, nearest first. Click a name to centre on it.')
        .datasource(paneDatasource)
        .withTarget(pane<ImpactTarget>({ kind: 'impact', node: '$node' }))
        .withOverride(linkOverride('name', 'Centre on this node', lineageLink('node')))
        .overrideByName('freshness_status', [
          { id: 'mappings', value: freshnessMappings },
          { id: 'custom.cellOptions', value: { type: 'color-text' } },
        ])
        .overrides(hideColumns('node', 'direct', 'last_updated_at'))
        .noValue('Pick a node to centre on')
        .height(10)
        .span(24),
    );
}
