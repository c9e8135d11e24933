import { createDataFrame, DataFrame, FieldType, getDefaultTimeRange, LoadingState, PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { type FakeContext, fakeContext, installFakeCanvas } from '../../testing/fakeCanvas';
import { edgesFrame, nodesFrame, pipelineFrames } from '../../testing/testFrames';
import { DEFAULT_OPTIONS, LineageOptions } from '../../types';
import { LineagePanel } from './LineagePanel';

let fake: FakeContext;
let uninstall: () => void;
beforeEach(() => {
  fake = fakeContext();
  uninstall = installFakeCanvas(fake);
});
afterEach(() => {
  uninstall();
  vi.restoreAllMocks();
});

function renderPanel(series: DataFrame[], options: Partial<LineageOptions> = {}) {
  const timeRange = getDefaultTimeRange();
  const props = {
    id: 1,
    data: { series, state: LoadingState.Done, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...options },
    transparent: false,
    width: 1000,
    height: 600,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Lineage',
    eventBus: {} as PanelProps['eventBus'],
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (value: string) => (value === '${__url_time_range}' ? 'from=now-6h&to=now' : value),
    onChangeTimeRange: () => {},
  } as unknown as PanelProps<LineageOptions>;
  return render(<LineagePanel {...props} />);
}

const focusBySearch = (text: string) => {
  const input = screen.getByLabelText('Search nodes');
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
};

describe('LineagePanel', () => {
  it('says there is no lineage data when the query returned nothing', () => {
    renderPanel([]);
    expect(screen.getByRole('status')).toHaveTextContent('No lineage data');
    expect(screen.queryByTestId('lineage-canvas')).not.toBeInTheDocument();
  });

  it('says which field is missing instead of crashing', () => {
    renderPanel([createDataFrame({ name: 'edges', fields: [{ name: 'from', type: FieldType.string, values: ['a'] }] })]);
    expect(screen.getByRole('status')).toHaveTextContent('The lineage frames lack the fields to draw them');
    expect(screen.getByRole('status')).toHaveTextContent('An edges frame has no "source" and "target" fields (it has fields "from")');
  });

  it('draws the graph with counts, a legend and names on the canvas', () => {
    renderPanel(pipelineFrames());
    expect(screen.getByTestId('lineage-summary')).toHaveTextContent('8 nodes \u00b7 7 edges');
    expect(screen.getByTestId('lineage-canvas')).toHaveAttribute('data-nodes', '8');
    expect(screen.getByTestId('lineage-legend')).toHaveTextContent('Freshness');
    expect(fake.count('fill')).toBeGreaterThan(8);
  });

  it('focuses a node found by search: upstream and downstream counts and its dashboard link', () => {
    renderPanel(pipelineFrames());
    focusBySearch('orders');
    const card = screen.getByTestId('lineage-focus');
    expect(within(card).getByText('orders')).toBeInTheDocument();
    expect(screen.getByTestId('lineage-focus-counts')).toHaveTextContent('2 nodes upstream \u00b7 4 nodes downstream');
    expect(within(card).getByRole('link', { name: 'Dataset health' })).toHaveAttribute(
      'href',
      '/d/pipelinepane-dataset-health?var-dataset=dataset%3Apg%3Aorders&from=now-6h&to=now',
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Clear focus (Esc)' }));
    expect(screen.queryByTestId('lineage-focus')).not.toBeInTheDocument();
  });

  it('counts what breaks downstream in impact mode', () => {
    renderPanel(pipelineFrames());
    focusBySearch('orders');
    fireEvent.click(screen.getByRole('button', { name: /Impact/ }));
    expect(screen.getByTestId('lineage-focus-counts')).toHaveTextContent('4 nodes downstream');
    const impact = screen.getByTestId('lineage-impact');
    expect(impact).toHaveTextContent('2 datasets and 2 jobs affected downstream');
    expect(impact).toHaveTextContent('3 owners to tell: team-analytics, team-finance, team-growth');
  });

  it('links a job to its run dashboard', () => {
    renderPanel(pipelineFrames());
    focusBySearch('load_orders');
    expect(screen.getByRole('link', { name: 'Job runs' })).toHaveAttribute(
      'href',
      '/d/pipelinepane-job-detail?var-namespace=airflow&var-job=job%3Aairflow%3Aload_orders&from=now-6h&to=now',
    );
  });

  it('sets the focus variable to the focused node id', () => {
    const partial = vi.spyOn(locationService, 'partial').mockImplementation(() => {});
    renderPanel(pipelineFrames(), { focusVariable: '$dataset' });
    focusBySearch('customer_ltv');
    expect(partial).toHaveBeenCalledWith({ 'var-dataset': 'dataset:snowflake:customer_ltv' }, true);
  });

  it('renders hostile names as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { container } = renderPanel([nodesFrame([{ id: 'dataset:ns:evil', title: hostile }])]);
    fireEvent.change(screen.getByLabelText('Search nodes'), { target: { value: 'img' } });
    expect(screen.getByRole('option')).toHaveTextContent(hostile);
    fireEvent.keyDown(screen.getByLabelText('Search nodes'), { key: 'Enter' });
    expect(screen.getByTestId('lineage-focus')).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(fake.texts().join('')).not.toContain('<script>window.__pwned=2</script>x');
  });

  it('groups namespaces on demand and counts what is drawn', () => {
    renderPanel(pipelineFrames(), { groupByNamespace: true });
    expect(screen.getByTestId('lineage-summary')).toHaveTextContent('8 nodes \u00b7 7 edges \u00b7 5 shown');
    expect(screen.getByTestId('lineage-legend')).toHaveTextContent('Namespace (collapsed)');
    // Searching a node inside a collapsed namespace opens it.
    focusBySearch('daily_revenue');
    expect(screen.getByTestId('lineage-summary')).toHaveTextContent('6 shown');
  });

  it('collapses namespaces to stay under the maximum and says so', () => {
    renderPanel(pipelineFrames(), { maxNodes: 5 });
    expect(screen.getByTestId('lineage-summary')).toHaveTextContent('shown');
    fireEvent.click(screen.getByRole('button', { name: /note/ }));
    expect(screen.getByTestId('lineage-notes')).toHaveTextContent('collapsed to stay under 5 nodes');
  });

  it('shows the focused dataset\u2019s column lineage from a columnLineage frame', () => {
    const columns = createDataFrame({
      name: 'columnLineage',
      fields: [
        { name: 'dataset', type: FieldType.string, values: ['dataset:pg:orders'] },
        { name: 'column', type: FieldType.string, values: ['total'] },
        { name: 'input_dataset', type: FieldType.string, values: ['dataset:pg:raw_orders'] },
        { name: 'input_column', type: FieldType.string, values: ['amount'] },
        { name: 'transformation', type: FieldType.string, values: ['SUM'] },
      ],
    });
    renderPanel([...pipelineFrames(), columns]);
    focusBySearch('orders');
    expect(screen.getByTestId('lineage-columns')).toHaveTextContent('total \u2190 raw_orders.amount (SUM)');
  });

  it('notes what it drew anyway', () => {
    renderPanel([nodesFrame([{ id: 'job:a:x' }]), edgesFrame([['job:a:x', 'dataset:a:ghost']])]);
    fireEvent.click(screen.getByRole('button', { name: '1 note' }));
    expect(screen.getByTestId('lineage-notes')).toHaveTextContent('missing from the nodes frame (first: dataset:a:ghost)');
  });
});
