import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { Toolbar, ToolbarProps } from './Toolbar';

const props = (overrides: Partial<ToolbarProps> = {}): ToolbarProps => ({
  query: '',
  onQuery: () => {},
  results: [],
  onPick: () => {},
  onZoomIn: () => {},
  onZoomOut: () => {},
  onFit: () => {},
  namespaces: [],
  onToggleNamespace: () => {},
  onCollapseAll: () => {},
  onExpandAll: () => {},
  summary: '8 nodes \u00b7 7 edges',
  notes: [],
  ...overrides,
});

describe('Toolbar', () => {
  it('searches and picks the first match on Enter', () => {
    const onQuery = vi.fn();
    const onPick = vi.fn();
    const results = [
      { index: 5, title: 'daily_revenue', subtitle: 'Dataset', at: 6, length: 3 },
      { index: 2, title: 'revenue_raw', subtitle: 'Dataset', at: 0, length: 3 },
    ];
    const { rerender } = render(<Toolbar {...props({ onQuery })} />);
    const input = screen.getByLabelText('Search nodes');
    fireEvent.change(input, { target: { value: 'rev' } });
    expect(onQuery).toHaveBeenCalledWith('rev');
    rerender(<Toolbar {...props({ query: 'rev', results, onPick })} />);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['daily_revenueDataset', 'revenue_rawDataset']);
    expect(options[0].querySelector('mark')).toHaveTextContent('rev');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onPick).toHaveBeenCalledWith(2);
  });

  it('says when nothing matches', () => {
    const { rerender } = render(<Toolbar {...props()} />);
    fireEvent.change(screen.getByLabelText('Search nodes'), { target: { value: 'zzz' } });
    rerender(<Toolbar {...props({ query: 'zzz' })} />);
    expect(screen.getByText('No node matches')).toBeInTheDocument();
  });

  it('zooms and fits', () => {
    const onZoomIn = vi.fn();
    const onFit = vi.fn();
    render(<Toolbar {...props({ onZoomIn, onFit })} />);
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in (+)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Fit the graph (0)' }));
    expect(onZoomIn).toHaveBeenCalled();
    expect(onFit).toHaveBeenCalled();
    expect(screen.getByTestId('lineage-summary')).toHaveTextContent('8 nodes \u00b7 7 edges');
  });

  it('collapses and expands namespaces', () => {
    const onToggleNamespace = vi.fn();
    const onCollapseAll = vi.fn();
    render(
      <Toolbar
        {...props({
          onToggleNamespace,
          onCollapseAll,
          namespaces: [
            { namespace: 'pg', label: 'pg', size: 3, collapsed: false },
            { namespace: 'sf', label: 'sf', size: 2, collapsed: true },
          ],
        })}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: /Namespaces/ }));
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.map((b) => (b as HTMLInputElement).checked)).toEqual([true, false]);
    fireEvent.click(boxes[0]);
    expect(onToggleNamespace).toHaveBeenCalledWith('pg', true);
    fireEvent.click(screen.getByText('Collapse all'));
    expect(onCollapseAll).toHaveBeenCalled();
  });

  it('lists notes about the data', () => {
    render(<Toolbar {...props({ notes: ['1 edge had an empty source'] })} />);
    fireEvent.click(screen.getByRole('button', { name: /1 note/ }));
    expect(screen.getByTestId('lineage-notes')).toHaveTextContent('1 edge had an empty source');
  });
});
