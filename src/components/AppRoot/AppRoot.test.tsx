import { render, screen } from '@testing-library/react';
import { AppRootProps } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { AppRoot } from './AppRoot';

describe('AppRoot', () => {
  it('says what Pipeline Pane is and links to the data source, dashboards and panel', () => {
    render(<AppRoot {...({} as AppRootProps)} />);
    expect(screen.getByRole('heading', { name: 'Pipeline Pane' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add the Pipeline Pane data source/ })).toHaveAttribute(
      'href',
      '/connections/datasources/pipelinepane-datasource',
    );
    expect(screen.getByRole('link', { name: /Dashboards/ })).toHaveAttribute(
      'href',
      '/plugins/pipelinepane-app?page=dashboards',
    );
    expect(screen.getByRole('link', { name: /lineage panel/ })).toHaveAttribute(
      'href',
      '/plugins/pipelinepane-lineage-panel',
    );
  });
});
