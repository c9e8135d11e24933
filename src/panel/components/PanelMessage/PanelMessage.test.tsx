import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { PanelMessage } from './PanelMessage';

describe('PanelMessage', () => {
  it('says what is wrong in a status region', () => {
    render(<PanelMessage title="No lineage data" detail="Query the data source." width={300} height={200} />);
    expect(screen.getByRole('status')).toHaveTextContent('No lineage data');
    expect(screen.getByText('Query the data source.')).toBeInTheDocument();
  });
});
