import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { FocusCard, FocusCardProps } from './FocusCard';

const base: FocusCardProps = {
  title: 'orders',
  subtitle: 'Dataset \u00b7 pg',
  id: 'dataset:pg:orders',
  upstream: 2,
  downstream: 4,
  impactMode: false,
  links: [{ title: 'Dataset health', url: '/d/pipelinepane-dataset-health?var-dataset=dataset%3Apg%3Aorders' }],
  onToggleImpact: () => {},
  onClose: () => {},
  onFocusId: () => {},
  nameOf: (id) => id.split(':').pop() ?? id,
};

describe('FocusCard', () => {
  it('shows upstream and downstream counts, the id and the dashboard link', () => {
    render(<FocusCard {...base} />);
    expect(screen.getByTestId('lineage-focus-counts')).toHaveTextContent('2 nodes upstream \u00b7 4 nodes downstream');
    expect(screen.getByText('dataset:pg:orders')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Dataset health' })).toHaveAttribute('href', base.links[0].url);
  });

  it('in impact mode counts affected datasets, jobs and owners', () => {
    const onToggleImpact = vi.fn();
    render(
      <FocusCard
        {...base}
        impactMode
        onToggleImpact={onToggleImpact}
        impact={{ node: 'dataset:pg:orders', affectedDatasets: 2, affectedJobs: 2, owners: ['team-a', 'team-b'], staleDatasets: 1, failingJobs: 0, nodes: [1, 2, 3, 4] }}
      />,
    );
    expect(screen.getByTestId('lineage-impact')).toHaveTextContent('2 datasets and 2 jobs affected downstream, 1 already stale.');
    expect(screen.getByTestId('lineage-impact')).toHaveTextContent('2 owners to tell: team-a, team-b');
    fireEvent.click(screen.getByRole('button', { name: /Impact on/ }));
    expect(onToggleImpact).toHaveBeenCalled();
  });

  it('lists column lineage and focuses a source dataset on click', () => {
    const onFocusId = vi.fn();
    render(
      <FocusCard
        {...base}
        onFocusId={onFocusId}
        columns={{ inputs: [{ column: 'total', from: [{ dataset: 'dataset:pg:raw_orders', column: 'amount', transformation: 'SUM' }] }], outputs: [] }}
      />,
    );
    expect(screen.getByTestId('lineage-columns')).toHaveTextContent('total \u2190 raw_orders.amount (SUM)');
    fireEvent.click(screen.getByRole('button', { name: 'raw_orders.amount' }));
    expect(onFocusId).toHaveBeenCalledWith('dataset:pg:raw_orders');
  });

  it('offers to expand a focused namespace', () => {
    const onExpand = vi.fn();
    render(<FocusCard {...base} id={undefined} links={[]} onExpand={onExpand} />);
    fireEvent.click(screen.getByRole('button', { name: /Expand namespace/ }));
    expect(onExpand).toHaveBeenCalled();
  });
});
