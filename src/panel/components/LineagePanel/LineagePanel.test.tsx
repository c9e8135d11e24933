import { render, screen } from '@testing-library/react';
import {
  createDataFrame,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  PanelData,
  PanelProps,
} from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { LineageOptions } from '../../types';
import { LineagePanel } from './LineagePanel';

function renderPanel(series: PanelData['series'], options: LineageOptions = { listNodes: true }) {
  const timeRange = getDefaultTimeRange();
  const props = {
    id: 1,
    data: { series, state: LoadingState.Done, timeRange },
    timeRange,
    timeZone: 'utc',
    options,
    transparent: false,
    width: 400,
    height: 300,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Lineage',
    eventBus: {} as PanelProps['eventBus'],
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (value: string) => value,
    onChangeTimeRange: () => {},
  } as unknown as PanelProps<LineageOptions>;
  return render(<LineagePanel {...props} />);
}

const nodes = (ids: string[], titles?: string[]) =>
  createDataFrame({
    name: 'nodes',
    fields: [
      { name: 'id', type: FieldType.string, values: ids },
      ...(titles ? [{ name: 'title', type: FieldType.string, values: titles }] : []),
    ],
  });

const edges = (pairs: Array<[string, string]>) =>
  createDataFrame({
    name: 'edges',
    fields: [
      { name: 'id', type: FieldType.string, values: pairs.map(([s, t]) => `${s}->${t}`) },
      { name: 'source', type: FieldType.string, values: pairs.map(([s]) => s) },
      { name: 'target', type: FieldType.string, values: pairs.map(([, t]) => t) },
    ],
  });

describe('LineagePanel', () => {
  it('says there is no lineage data when the query returned no frames', () => {
    renderPanel([]);
    expect(screen.getByRole('status')).toHaveTextContent('No lineage data');
    expect(screen.queryByTestId('lineage-counts')).not.toBeInTheDocument();
  });

  it('says there is no lineage data when the frames are empty or not lineage frames', () => {
    const unrelated = createDataFrame({ fields: [{ name: 'value', type: FieldType.number, values: [1, 2] }] });
    renderPanel([nodes([]), edges([]), unrelated]);
    expect(screen.getByText('No lineage data')).toBeInTheDocument();
  });

  it('counts nodes and edges and lists node names', () => {
    const a = 'job:airflow:load_orders';
    const b = 'dataset:postgres%3A//db%3A5432:public.orders';
    renderPanel([nodes([a, b], ['load_orders', 'public.orders']), edges([[a, b]])]);
    expect(screen.getByTestId('lineage-counts')).toHaveTextContent('2 nodes, 1 edge');
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['load_orders', 'public.orders']);
  });

  it('hides the name list when the option is off', () => {
    renderPanel([nodes(['job:ns:a'])], { listNodes: false });
    expect(screen.getByTestId('lineage-counts')).toHaveTextContent('1 node, 0 edges');
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('renders hostile names as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { container } = renderPanel([nodes(['job:ns:evil'], [hostile])]);
    expect(screen.getByRole('listitem')).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
