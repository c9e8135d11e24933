import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { DataSource } from '../../datasource';
import { PaneQuery } from '../../types';
import { QueryEditor, QueryEditorComponentProps } from './QueryEditor';

function renderEditor(query: PaneQuery, onChange = vi.fn(), onRunQuery = vi.fn()) {
  const props = {
    query,
    onChange,
    onRunQuery,
    datasource: { defaultNamespace: 'analytics' } as DataSource,
  } as unknown as QueryEditorComponentProps;
  render(<QueryEditor {...props} />);
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('shows the kind by its label and the default namespace as the placeholder', () => {
    renderEditor({ refId: 'A', kind: 'freshness' });
    expect(screen.getByRole('combobox')).toHaveValue('Freshness');
    expect(screen.getByPlaceholderText('analytics')).toHaveValue('');
  });

  it('runs the query once the namespace is left', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', kind: 'runs' });
    const namespace = screen.getByPlaceholderText('analytics');
    fireEvent.change(namespace, { target: { value: 'warehouse' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', kind: 'runs', namespace: 'warehouse' });
    expect(onRunQuery).not.toHaveBeenCalled();
    fireEvent.blur(namespace);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
