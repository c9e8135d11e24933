import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataSourceSettings } from '@grafana/data';
import { describe, expect, it, vi } from 'vitest';

import { PaneOptions, PaneSecureJsonData } from '../../types';
import { ConfigEditor } from './ConfigEditor';

function settings(
  overrides: Partial<DataSourceSettings<PaneOptions, PaneSecureJsonData>> = {},
): DataSourceSettings<PaneOptions, PaneSecureJsonData> {
  // Only what the editor reads; the rest of DataSourceSettings is Grafana's business.
  return {
    uid: 'pane',
    name: 'Pipeline Pane',
    type: 'pipelinepane-datasource',
    access: 'proxy',
    jsonData: { collectorUrl: 'http://collector:7070', defaultNamespace: 'analytics' },
    secureJsonFields: {},
    ...overrides,
  } as DataSourceSettings<PaneOptions, PaneSecureJsonData>;
}

describe('ConfigEditor', () => {
  it('renders the collector URL, API token and default namespace fields', () => {
    render(<ConfigEditor options={settings()} onOptionsChange={() => {}} />);
    expect(screen.getByLabelText(/^Collector URL/)).toHaveValue('http://collector:7070');
    expect(screen.getByLabelText(/^API token/)).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText(/^Default namespace/)).toHaveValue('analytics');
  });

  it('writes the collector URL into jsonData', () => {
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText(/^Collector URL/), { target: { value: 'https://pane.example:9000' } });
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: { collectorUrl: 'https://pane.example:9000', defaultNamespace: 'analytics' } }),
    );
  });

  it('keeps the token in secureJsonData, never in jsonData', async () => {
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    await userEvent.type(screen.getByLabelText(/^API token/), 'x');
    const saved = onOptionsChange.mock.lastCall?.[0];
    expect(saved.secureJsonData).toEqual({ apiToken: 'x' });
    expect(JSON.stringify(saved.jsonData)).not.toContain('apiToken');
  });

  it('shows a saved token as configured and resets it', async () => {
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={settings({ secureJsonFields: { apiToken: true } })} onOptionsChange={onOptionsChange} />);
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ secureJsonFields: { apiToken: false }, secureJsonData: { apiToken: '' } }),
    );
  });
});
