import { useCallback } from 'react';
import { Combobox, type ComboboxOption, MultiCombobox } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';

import { NodeIdError, parseNodeId } from '../../../contract/nodeIds';
import type { DataSource } from '../../datasource';
import type { VariableSubject } from '../../types';

/**
 * Pickers that search the collector as the user types (`variables` queries), offering the
 * dashboard's template variables first and accepting a typed value (a glob, a `$variable`).
 */
export function variableOptions(input: string): Array<ComboboxOption<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((variable) => ({ value: `$${variable.name}`, label: `$${variable.name}`, description: 'Dashboard variable', group: 'Variables' }))
    .filter((option) => option.value.toLowerCase().includes(input.toLowerCase()));
}

/** What a picker shows for a stored value: a node id by its name, anything else as it is. */
export function labelOf(value: string): string {
  if (value.startsWith('$')) {return value;}
  try {
    const node = parseNodeId(value);
    return `${node.name} (${node.namespace})`;
  } catch (error) {
    if (error instanceof NodeIdError) {return value;}
    throw error;
  }
}

interface PickerProps {
  datasource: DataSource;
  id: string;
  value?: string;
  onChange: (value: string | undefined) => void;
  /** searches these subjects; several are grouped (lineage nodes are jobs and datasets) */
  subjects: VariableSubject[];
  /** namespace to search in (may hold a variable) */
  namespace?: string;
  placeholder?: string;
  width?: number;
}

const GROUP: Record<VariableSubject, string> = { namespaces: 'Namespaces', jobs: 'Jobs', datasets: 'Datasets', owners: 'Owners', orchestrators: 'Orchestrators' };

export function CollectorPicker({ datasource, id, value, onChange, subjects, namespace, placeholder, width = 40 }: PickerProps) {
  const load = useCallback(
    async (input: string): Promise<Array<ComboboxOption<string>>> => {
      const search = input.trim() || undefined;
      const found = await Promise.all(
        subjects.map((subject) =>
          datasource
            .lookup({ subject, namespace: subject === 'namespaces' ? undefined : namespace || undefined, search })
            .then((values) => values.map((v) => ({ value: String(v.value), label: v.text, group: subjects.length > 1 ? GROUP[subject] : undefined })))
            .catch((error: Error) => [{ value: `__error__${subject}`, label: `Could not search ${subject}: ${error.message}`, infoOption: true }]),
        ),
      );
      return [...variableOptions(input), ...found.flat()];
    },
    [datasource, subjects, namespace],
  );
  return (
    <Combobox<string>
      id={id}
      data-testid={id}
      options={load}
      value={value ? { value, label: labelOf(value) } : null}
      onChange={(option) => onChange(option?.value || undefined)}
      isClearable
      createCustomValue
      placeholder={placeholder ?? 'any'}
      width={width}
    />
  );
}

interface MultiPickerProps<T extends string> {
  id: string;
  options: Array<{ value: T; label: string }>;
  value?: T[];
  onChange: (value: T[] | undefined) => void;
  placeholder?: string;
  width?: number;
}

/** A fixed set of values (run states, freshness statuses, levels), several at once. */
export function MultiPicker<T extends string>({ id, options, value, onChange, placeholder = 'any', width = 40 }: MultiPickerProps<T>) {
  return (
    <MultiCombobox<string>
      id={id}
      data-testid={id}
      options={options}
      value={value ?? []}
      onChange={(selected) => onChange(selected.length ? (selected.map((o) => o.value) as T[]) : undefined)}
      placeholder={placeholder}
      width={width}
      isClearable
    />
  );
}
