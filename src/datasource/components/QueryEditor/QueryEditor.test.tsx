import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { describe, expect, it, vi } from 'vitest';

import type { DataSource } from '../../datasource';
import { PaneQuery } from '../../types';
import { QueryEditor, QueryEditorComponentProps } from './QueryEditor';

// jsdom has no IntersectionObserver; Combobox's option list asks for one.
if (!('IntersectionObserver' in window)) {
  Object.defineProperty(window, 'IntersectionObserver', {
    writable: true,
    value: class {
      observe() {}
      unobserve() {}
      disconnect() {}
      takeRecords() {
        return [];
      }
    },
  });
}

setTemplateSrv({ getVariables: () => [{ name: 'ns' }], replace: (v: string) => v } as unknown as TemplateSrv);

function renderEditor(query: PaneQuery, lookup = vi.fn().mockResolvedValue([])) {
  const onChange = vi.fn();
  const onRunQuery = vi.fn();
  const props = { query, onChange, onRunQuery, datasource: { defaultNamespace: 'analytics', lookup } as unknown as DataSource } as unknown as QueryEditorComponentProps;
  render(<QueryEditor {...props} />);
  return { onChange, onRunQuery, lookup };
}

const byId = (id: string) => document.getElementById(id) as HTMLInputElement;

describe('QueryEditor', () => {
  it('shows the kind by its label and the default namespace as the placeholder', () => {
    renderEditor({ refId: 'A', kind: 'freshness' });
    expect(byId('pipelinepane-query-kind')).toHaveValue('Freshness');
    expect(byId('pipelinepane-query-namespace')).toHaveAttribute('placeholder', 'analytics');
    expect(screen.getByText('Status')).toBeInTheDocument();
    expect(screen.getByText('Owner')).toBeInTheDocument();
  });

  it('gives lineage its node, direction, depth and as-of controls', async () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', kind: 'lineage', node: 'dataset:snowflake%3A//acme:analytics.orders' });
    expect(byId('pipelinepane-query-node')).toHaveValue('analytics.orders (snowflake://acme)');
    await userEvent.click(screen.getByRole('radio', { name: 'Upstream' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ direction: 'upstream' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    fireEvent.change(byId('pipelinepane-query-depth'), { target: { value: '$depth' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ depth: '$depth' }));
    fireEvent.blur(byId('pipelinepane-query-depth'));
    expect(onRunQuery).toHaveBeenCalledTimes(2);
    expect(byId('pipelinepane-query-as-of')).toHaveAttribute('placeholder', 'now');
  });

  it('asks for a run id on trace queries', () => {
    const { onChange } = renderEditor({ refId: 'A', kind: 'trace' });
    fireEvent.change(byId('pipelinepane-query-run-id'), { target: { value: 'r-1' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', kind: 'trace', runId: 'r-1' });
    expect(byId('pipelinepane-query-namespace')).toBeNull();
  });

  // Picking an option is covered in real Chromium (tests/browser): jsdom lays out no virtualised list.
  it('searches the collector for jobs in the chosen namespace as the user types', async () => {
    const lookup = vi.fn().mockResolvedValue([{ text: 'orders_daily.load', value: 'job:airflow-prod:orders_daily.load' }]);
    renderEditor({ refId: 'A', kind: 'runs', namespace: 'airflow-prod', job: 'job:airflow-prod:orders_daily.load' }, lookup);
    expect(byId('pipelinepane-query-job')).toHaveValue('orders_daily.load (airflow-prod)');
    await userEvent.clear(byId('pipelinepane-query-job'));
    await userEvent.type(byId('pipelinepane-query-job'), 'load');
    await waitFor(() => expect(lookup).toHaveBeenCalledWith(expect.objectContaining({ subject: 'jobs', namespace: 'airflow-prod' })));
  });
});
