import { css } from '@emotion/css';
import { AppRootProps, GrafanaTheme2, locationUtil } from '@grafana/data';
import { LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';

import pluginJson from '../../plugin.json';
import datasourcePluginJson from '../../datasource/plugin.json';
import panelPluginJson from '../../panel/plugin.json';

// Paths Grafana serves; assureBaseUrl adds the sub-path when Grafana runs under one.
export const LINKS = {
  addDataSource: `/connections/datasources/${datasourcePluginJson.id}`,
  dashboards: `/plugins/${pluginJson.id}?page=dashboards`,
  lineagePanel: `/plugins/${panelPluginJson.id}`,
};

export function AppRoot(_props: AppRootProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      <Stack direction="column" gap={2}>
        <Text element="h1">Pipeline Pane</Text>
        <Text element="p">
          Pipeline Pane puts the health of every data pipeline inside Grafana: run history, dataset freshness, data
          quality and lineage, whatever orchestrator each team runs. Emitters (OpenLineage clients, dlt, dbt, or plain
          HTTP calls from cron jobs and CI) report to the Pipeline Pane collector; the data source below reads it back
          as data frames for dashboards, Explore and the lineage panel.
        </Text>
        <Stack direction="row" gap={1} wrap="wrap">
          <LinkButton href={locationUtil.assureBaseUrl(LINKS.addDataSource)} icon="database">
            Add the {datasourcePluginJson.name} data source
          </LinkButton>
          <LinkButton href={locationUtil.assureBaseUrl(LINKS.dashboards)} icon="apps" variant="secondary">
            Dashboards
          </LinkButton>
          <LinkButton href={locationUtil.assureBaseUrl(LINKS.lineagePanel)} icon="sitemap" variant="secondary">
            {panelPluginJson.name} panel
          </LinkButton>
        </Stack>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(3), maxWidth: 960 }),
});
