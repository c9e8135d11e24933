import { css } from '@emotion/css';
import { type DataSourcePlugin, type DataSourceSettings, type GrafanaTheme2, type TestDataSourceResponse } from '@grafana/data';
import { Alert, Button, Field, Input, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';

import { errorMessage, host } from '../hostServices';
import { type HostPluginMeta, importPluginModule } from '../pluginLoader';
import type { StoredDataSource } from '../services/dataSourceSrv';

/**
 * Grafana's data source settings page (features/datasources/components/EditDataSource),
 * reduced: the name, the plugin's own ConfigEditor with `options`/`onOptionsChange`, and
 * "Save & test", which PUTs the settings to the host backend (secureJsonData goes in and
 * never comes back: the answer carries secureJsonFields), reloads the data source and shows
 * what its testDatasource() answered in an Alert, as Grafana's DataSourceTestingStatus does.
 */
type TestState = { status: string; message?: string; details?: TestDataSourceResponse['details'] };

export function DataSourceSettingsView({ uid }: { uid: string }) {
  const styles = useStyles2(getStyles);
  const stored = host.dataSources.find((ds) => ds.uid === uid);
  const [options, setOptions] = useState<DataSourceSettings | undefined>(stored && toSettings(stored));
  const [plugin, setPlugin] = useState<DataSourcePlugin<any>>();
  const [loadError, setLoadError] = useState<string>();
  const [test, setTest] = useState<TestState>();

  useEffect(() => {
    const meta = host.plugins.find((p) => p.id === stored?.type);
    if (!meta) {
      setLoadError(`No data source "${uid}" or its plugin is not installed`);
      return;
    }
    importPluginModule(meta).then((p) => setPlugin(p as DataSourcePlugin<any>), (e) => setLoadError(errorMessage(e)));
  }, [uid, stored?.type]);

  if (loadError) return <Alert title={loadError} severity="error" />;
  if (!options || !plugin) return <LoadingPlaceholder text="Loading plugin..." />;
  const ConfigEditor = plugin.components.ConfigEditor;

  const onSaveAndTest = async () => {
    setTest({ status: 'testing' });
    try {
      const saved = await host.backendSrv.put<{ datasource: StoredDataSource }>(`/api/datasources/uid/${uid}`, options, {
        showErrorAlert: false,
      });
      setOptions(toSettings(saved.datasource));
      host.setDataSources(await host.backendSrv.get<StoredDataSource[]>('/api/datasources'));
      const datasource = await host.dataSourceSrv.get(uid);
      const result = await datasource.testDatasource();
      setTest(result);
    } catch (error) {
      setTest({ status: 'error', message: errorMessage(error) });
    }
  };

  return (
    <div className={styles.page} data-testid="datasource-settings">
      <h2>
        <img src={(plugin.meta as HostPluginMeta).info?.logos?.small || undefined} alt="" width={32} /> {options.name}
      </h2>
      <div className={styles.type}>Type: {plugin.meta.name}</div>
      <Field label="Name">
        <Input id="basic-settings-name" value={options.name} width={40} onChange={(e) => setOptions({ ...options, name: e.currentTarget.value })} />
      </Field>
      {ConfigEditor ? <ConfigEditor options={options} onOptionsChange={setOptions} /> : <Alert title="This plugin has no config editor" severity="warning" />}
      {test && (
        <div className={styles.test} data-testid="datasource-test-status" data-status={test.status}>
          {test.status === 'testing' ? (
            <Alert severity="info" title="Testing... this could take up to a couple of minutes" />
          ) : (
            <Alert severity={test.status === 'success' ? 'success' : test.status === 'warning' ? 'warning' : 'error'} title={test.message ?? ''} aria-label="Data source settings page Alert">
              {typeof test.details === 'object' && test.details?.message}
            </Alert>
          )}
        </div>
      )}
      <div className={styles.buttons}>
        <Button variant="primary" onClick={onSaveAndTest} data-testid="data-testid Data source settings page Save and Test button">
          Save &amp; test
        </Button>
      </div>
    </div>
  );
}

function toSettings(ds: StoredDataSource): DataSourceSettings {
  return {
    id: ds.id,
    uid: ds.uid,
    orgId: 1,
    name: ds.name,
    typeLogoUrl: '',
    type: ds.type,
    typeName: ds.type,
    access: 'proxy',
    url: ds.url ?? '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: Boolean(ds.isDefault),
    jsonData: ds.jsonData,
    secureJsonFields: ds.secureJsonFields,
    readOnly: Boolean(ds.readOnly),
    withCredentials: false,
    version: 1,
  } as DataSourceSettings;
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 900 }),
  type: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(2) }),
  test: css({ marginTop: theme.spacing(2) }),
  buttons: css({ display: 'flex', gap: theme.spacing(1), marginTop: theme.spacing(2) }),
});
