import type { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';

import type { DataSource } from '../../datasource';
import type { PaneOptions, PaneQuery, PaneVariableQuery, VariableSubject } from '../../types';
import { CollectorPicker } from '../QueryEditor/pickers';

const SUBJECTS: Array<{ value: VariableSubject; label: string }> = [
  { value: 'namespaces', label: 'Namespaces' },
  { value: 'jobs', label: 'Jobs' },
  { value: 'datasets', label: 'Datasets' },
  { value: 'owners', label: 'Owners' },
  { value: 'orchestrators', label: 'Orchestrators' },
];

type Props = QueryEditorProps<DataSource, PaneQuery, PaneOptions, PaneVariableQuery>;

/** A query variable: what it lists, in which namespace (may be another variable), matching what. */
export function VariableQueryEditor({ query, onChange, datasource }: Props) {
  const subject = query.subject ?? 'namespaces';
  const update = (patch: Partial<PaneVariableQuery>) => onChange({ ...query, subject, ...patch });
  return (
    <InlineFieldRow>
      <InlineField label="Values of" labelWidth={14} tooltip="Jobs and datasets answer node ids as values and names as text">
        <RadioButtonGroup options={SUBJECTS} value={subject} onChange={(value) => update({ subject: value })} />
      </InlineField>
      {subject !== 'namespaces' && (
        <InlineField label="Namespace" labelWidth={14} tooltip="Only this namespace; may be another variable like $namespace">
          <CollectorPicker datasource={datasource} id="pipelinepane-variable-namespace" subjects={['namespaces']} value={query.namespace} onChange={(namespace) => update({ namespace })} placeholder={datasource.defaultNamespace ?? 'all namespaces'} width={32} />
        </InlineField>
      )}
      <InlineField label="Search" labelWidth={10} tooltip="Only names containing this text">
        <Input id="pipelinepane-variable-search" width={20} value={query.search ?? ''} placeholder="any" onChange={(event: ChangeEvent<HTMLInputElement>) => update({ search: event.currentTarget.value })} />
      </InlineField>
    </InlineFieldRow>
  );
}
