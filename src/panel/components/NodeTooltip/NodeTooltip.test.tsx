import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { NodeTooltip } from './NodeTooltip';

describe('NodeTooltip', () => {
  it('lists the node\u2019s details as text, problems marked', () => {
    render(
      <NodeTooltip
        title="orders"
        kind="Dataset"
        namespace="pg"
        rows={[
          { label: 'Age', value: '2h, past its SLA', bad: true },
          { label: 'Personal data', value: 'email' },
        ]}
        x={10}
        y={10}
        width={800}
        height={600}
      />,
    );
    const card = screen.getByRole('tooltip');
    expect(card).toHaveTextContent('orders');
    expect(card).toHaveTextContent('Dataset \u00b7 pg');
    expect(screen.getByText('2h, past its SLA')).toBeInTheDocument();
    expect(screen.getByText('Personal data')).toBeInTheDocument();
  });

  it('shows hostile names literally', () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const { container } = render(<NodeTooltip title={hostile} kind="Dataset" rows={[{ label: 'Owner', value: hostile }]} x={0} y={0} width={800} height={600} />);
    expect(screen.getByRole('tooltip')).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
  });

  it('stays inside the panel near the right edge', () => {
    render(<NodeTooltip title="x" kind="Job" rows={[]} x={780} y={10} width={800} height={600} />);
    expect(parseFloat(screen.getByRole('tooltip').style.left)).toBeLessThan(780);
  });
});
