import { createTheme } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { healthColors } from '../../model/health';
import { Legend } from './Legend';

const colors = healthColors(createTheme());

describe('Legend', () => {
  it('explains each health colour of the chosen measure with counts, and the shapes', () => {
    render(<Legend colorBy="runState" colors={colors} counts={{ ok: 3, failing: 1 }} grouped={false} />);
    const legend = screen.getByTestId('lineage-legend');
    expect(legend).toHaveTextContent('Run state');
    expect(legend).toHaveTextContent('Last run succeeded3');
    expect(legend).toHaveTextContent('Last run failed1');
    expect(legend).toHaveTextContent('Running');
    expect(legend).toHaveTextContent('Job');
    expect(legend).toHaveTextContent('Dataset');
    expect(legend).not.toHaveTextContent('Namespace');
  });

  it('shows the health colours from the theme', () => {
    const { container } = render(<Legend colorBy="freshness" colors={colors} grouped />);
    const swatches = [...container.querySelectorAll('span[style]')].map((el) => (el as HTMLElement).style.background);
    expect(swatches).toHaveLength(4);
    expect(screen.getByText('Namespace (collapsed)')).toBeInTheDocument();
  });
});
