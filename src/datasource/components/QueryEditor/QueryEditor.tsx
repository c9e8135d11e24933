import { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, InlineFieldRow, Input } from '@grafana/ui';

import type { DataSource } from '../../datasource';
import { PaneOptions, PaneQuery, QUERY_KIND_LABELS, QUERY_KINDS, QueryKind } from '../../types';

export type QueryEditorComponentProps = QueryEditorProps<DataSource, PaneQuery, PaneOptions>;

const KIND_OPTIONS: Array<ComboboxOption<QueryKind>> = QUERY_KINDS.map((kind) => ({
  value: kind,
  label: QUERY_KIND_LABELS[kind].label,
  description: QUERY_KIND_LABELS[kind].description,
}));

export function QueryEditor({ query, onChange, onRunQuery, datasource }: QueryEditorComponentProps) {
  const onKindChange = (option: ComboboxOption<QueryKind>) => {
    onChange({ ...query, kind: option.value });
    onRunQuery();
  };

  return (
    <InlineFieldRow>
      <InlineField label="Kind" labelWidth={12} tooltip="What the collector should answer">
        <Combobox
          id="pipelinepane-query-kind"
          options={KIND_OPTIONS}
          value={query.kind ?? 'runs'}
          width={24}
          onChange={onKindChange}
        />
      </InlineField>
      <InlineField label="Namespace" labelWidth={12} tooltip="Empty means the data source's default namespace">
        <Input
          id="pipelinepane-query-namespace"
          value={query.namespace ?? ''}
          placeholder={datasource.defaultNamespace ?? 'all namespaces'}
          width={32}
          onChange={(event) => onChange({ ...query, namespace: event.currentTarget.value })}
          onBlur={onRunQuery}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
