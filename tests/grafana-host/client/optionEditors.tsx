import { type SelectableValue, type StandardEditorProps, type StandardEditorsRegistryItem, standardEditorsRegistry } from '@grafana/data';
import { Input, MultiSelect, RadioButtonGroup, Select, Slider, Switch, UnitPicker, ColorPicker } from '@grafana/ui';

/**
 * Grafana core registers the standard option editors (core/components/OptionsUI/registry.tsx)
 * that PanelOptionsEditorBuilder.addBooleanSwitch, addTextInput, addSelect… look up by id.
 * Without them a panel's setPanelOptions throws, so the host registers simple editors built
 * from @grafana/ui for the common ids. They are plain stand-ins, not Grafana's option UI.
 */
type Props = StandardEditorProps<any, any>;

const items: Array<StandardEditorsRegistryItem<any>> = [
  { id: 'boolean', name: 'Boolean', editor: ({ value, onChange }: Props) => <Switch value={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} /> },
  { id: 'text', name: 'Text', editor: ({ value, onChange, item }: Props) => <Input value={value ?? ''} placeholder={item.settings?.placeholder} onChange={(e) => onChange(e.currentTarget.value)} /> },
  {
    id: 'number',
    name: 'Number',
    editor: ({ value, onChange, item }: Props) => (
      <Input type="number" value={value ?? ''} min={item.settings?.min} max={item.settings?.max} onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />
    ),
  },
  {
    id: 'select',
    name: 'Select',
    editor: ({ value, onChange, item }: Props) => <Select options={item.settings?.options ?? []} value={value} onChange={(v: SelectableValue) => onChange(v?.value)} />,
  },
  {
    id: 'multiSelect',
    name: 'Multi select',
    editor: ({ value, onChange, item }: Props) => <MultiSelect options={item.settings?.options ?? []} value={value} onChange={(v) => onChange(v.map((o) => o.value))} />,
  },
  {
    id: 'radio',
    name: 'Radio',
    editor: ({ value, onChange, item }: Props) => <RadioButtonGroup options={item.settings?.options ?? []} value={value} onChange={onChange} />,
  },
  {
    id: 'slider',
    name: 'Slider',
    editor: ({ value, onChange, item }: Props) => <Slider inputId={item.id} min={item.settings?.min ?? 0} max={item.settings?.max ?? 100} step={item.settings?.step} value={value} onChange={onChange} />,
  },
  { id: 'color', name: 'Color', editor: ({ value, onChange }: Props) => <ColorPicker color={value ?? 'gray'} onChange={onChange} /> },
  { id: 'unit', name: 'Unit', editor: ({ value, onChange }: Props) => <UnitPicker value={value} onChange={onChange} /> },
  {
    id: 'strings',
    name: 'Strings',
    editor: ({ value, onChange }: Props) => <Input value={(value ?? []).join(', ')} onChange={(e) => onChange(e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean))} />,
  },
];

let registered = false;
export function registerStandardEditors(): void {
  if (registered) return;
  standardEditorsRegistry.setInit(() => items);
  registered = true;
}
