import type { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';

import { PaneOptions, PaneSecureJsonData } from '../../types';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<PaneOptions, PaneSecureJsonData>;

export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData, secureJsonFields, secureJsonData } = options;

  const setJsonData = (key: keyof PaneOptions) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: event.target.value } });

  const onTokenChange = (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, apiToken: event.target.value } });

  // Grafana never sends a saved secret back; clearing the "configured" flag and the value
  // together is what makes the next save delete it.
  const onTokenReset = () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, apiToken: false },
      secureJsonData: { ...secureJsonData, apiToken: '' },
    });

  return (
    <FieldSet label="Collector">
      <Field
        label="Collector URL"
        description="Base URL of the Pipeline Pane collector as Grafana's server reaches it, for example http://collector:7070."
        required
      >
        <Input
          id="pipelinepane-collector-url"
          value={jsonData.collectorUrl ?? ''}
          placeholder="http://collector:7070"
          width={60}
          onChange={setJsonData('collectorUrl')}
        />
      </Field>
      <Field
        label="API token"
        description="A collector token with read scope. Grafana stores it encrypted and adds it to each request as a bearer token."
      >
        <SecretInput
          id="pipelinepane-api-token"
          isConfigured={Boolean(secureJsonFields?.apiToken)}
          value={secureJsonData?.apiToken ?? ''}
          placeholder="Collector API token"
          width={60}
          onReset={onTokenReset}
          onChange={onTokenChange}
        />
      </Field>
      <Field label="Default namespace" description="Namespace used by queries that do not name one. Leave empty for all.">
        <Input
          id="pipelinepane-default-namespace"
          value={jsonData.defaultNamespace ?? ''}
          placeholder="all namespaces"
          width={60}
          onChange={setJsonData('defaultNamespace')}
        />
      </Field>
    </FieldSet>
  );
}
