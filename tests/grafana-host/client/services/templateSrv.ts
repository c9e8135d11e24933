import { type ScopedVars, type TimeRange, type TypedVariableModel, getDefaultTimeRange } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { get } from 'lodash';

/**
 * Grafana's template service, reduced to what plugins call: `replace` with the same variable
 * syntaxes (`$var`, `${var}`, `${var:format}`, `[[var]]`, `${__data.fields.x}`), scoped
 * variables first, multi-value variables and "All", the built-in `__from`/`__to`, and the
 * formats of Grafana's format registry that data sources use (glob is the default for
 * multi-value variables, as in Grafana). Variables are set by the host (`grafanaHost.setVariables`).
 */
export interface HostVariable {
  name: string;
  label?: string;
  /** one value or, for multi-value variables, several */
  value: string | string[];
  text?: string | string[];
  /** the values the variable can take; `$__all` expands to these */
  options?: Array<{ text: string; value: string }>;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
}

// The same expression as Grafana's variableRegex.
const variableRegex = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;
const ALL = '$__all';

 
type Format = string | Function | undefined;

export class HostTemplateSrv implements TemplateSrv {
  private variables: HostVariable[] = [];
  private timeRange: TimeRange = getDefaultTimeRange();

  setVariables(variables: HostVariable[]): void {
    this.variables = variables;
  }

  getVariables(): TypedVariableModel[] {
    return this.variables.map((variable) => {
      const values = Array.isArray(variable.value) ? variable.value : [variable.value];
      const texts = variable.text === undefined ? values : Array.isArray(variable.text) ? variable.text : [variable.text];
      return {
        type: 'custom',
        name: variable.name,
        label: variable.label ?? variable.name,
        id: variable.name,
        rootStateKey: 'host',
        multi: Boolean(variable.multi),
        includeAll: Boolean(variable.includeAll),
        allValue: variable.allValue ?? null,
        current: { value: variable.value, text: variable.text ?? variable.value, selected: true },
        options: (variable.options ?? values.map((value, i) => ({ value, text: texts[i] ?? value }))).map((o) => ({
          ...o,
          selected: values.includes(o.value),
        })),
        query: '',
        hide: 0,
        skipUrlSync: false,
        global: false,
        index: 0,
        state: 'Done',
        error: null,
        description: null,
      } as unknown as TypedVariableModel;
    });
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.timeRange = timeRange;
  }

  containsTemplate(target?: string): boolean {
    if (!target) return false;
    variableRegex.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = variableRegex.exec(target))) {
      const name = match[1] || match[2] || match[4];
      if (this.lookup(name) || name.startsWith('__')) return true;
    }
    return false;
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: Format): string {
    if (!target) return target ?? '';
    variableRegex.lastIndex = 0;
    return target.replace(variableRegex, (match, var1, var2, fmt2, var3, fieldPath, fmt3) => {
      const name: string = var1 || var2 || var3;
      const variableFormat: Format = fmt2 || fmt3 || format;
      const macro = dataContextMacro(name, fieldPath, scopedVars);
      if (macro !== undefined) return this.format(macro, variableFormat, name);
      const scoped = scopedVars?.[name];
      if (scoped) {
        const value = fieldPath ? get(scoped.value, fieldPath) : scoped.value;
        if (value === undefined || value === null) return fieldPath ? '' : match;
        return this.format(typeof value === 'object' && !Array.isArray(value) ? String(value) : value, variableFormat, name);
      }
      if (name === '__url_time_range') {
        return `from=${this.timeRange.from.valueOf()}&to=${this.timeRange.to.valueOf()}`;
      }
      if (name === '__from' || name === '__to') {
        const time = name === '__from' ? this.timeRange.from : this.timeRange.to;
        return formatTime(time.valueOf(), typeof variableFormat === 'string' ? variableFormat : undefined);
      }
      const variable = this.lookup(name);
      if (!variable) return match;
      let value: string | string[] = variable.value;
      if (value === ALL || (Array.isArray(value) && value[0] === ALL)) {
        if (variable.allValue) return this.format(variable.allValue, 'raw', name);
        value = (variable.options ?? []).map((o) => o.value).filter((v) => v !== ALL);
      }
      return this.format(value, variableFormat, name);
    });
  }

  private lookup(name: string): HostVariable | undefined {
    return this.variables.find((variable) => variable.name === name);
  }

  private format(value: unknown, format: Format, name: string): string {
    if (typeof format === 'function') return String(format(value, { name }));
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v));
    const multi = Array.isArray(value) && value.length !== 1;
    switch (format ?? (multi ? 'glob' : 'raw')) {
      case 'raw':
        return values.join(',');
      case 'csv':
        return values.join(',');
      case 'pipe':
        return values.join('|');
      case 'glob':
        return multi ? `{${values.join(',')}}` : values[0] ?? '';
      case 'regex': {
        const escaped = values.map((v) => v.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&'));
        return multi ? `(${escaped.join('|')})` : escaped[0] ?? '';
      }
      case 'json':
        return JSON.stringify(Array.isArray(value) ? values : values[0]);
      case 'singlequote':
        return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
      case 'doublequote':
        return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
      case 'sqlstring':
        return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
      case 'percentencode':
        return encodeURIComponent(multi ? `{${values.join(',')}}` : values[0] ?? '');
      case 'uriencode':
        return values.map(encodeURIComponentStrict).join(',');
      case 'queryparam':
        return values.map((v) => `var-${name}=${encodeURIComponentStrict(v)}`).join('&');
      case 'text':
        return values.join(' + ');
      default:
        return values.join(',');
    }
  }
}

/**
 * Grafana's data-link macros (features/templating/macroRegistry.ts): `__value.raw|text|numeric|time`,
 * `__data.fields.<name>`, `__series.name`, `__field.name`, read from the `__dataContext` scoped
 * variable that @grafana/data's getLinksSupplier passes.
 */
function dataContextMacro(name: string, fieldPath: string | undefined, scopedVars?: ScopedVars): unknown {
  const context = scopedVars?.__dataContext?.value as
    | { frame: { name?: string; refId?: string; fields: Array<{ name: string; type: string; values: unknown[]; config: { displayName?: string }; display?: (v: unknown) => { text: string } }> }; field: { name: string; values: unknown[]; config: { displayName?: string }; display?: (v: unknown) => { text: string; numeric: number } }; rowIndex?: number }
    | undefined;
  if (!context || !['__value', '__data', '__series', '__field'].includes(name)) return undefined;
  const { frame, field, rowIndex } = context;
  if (name === '__series') return fieldPath === 'name' ? frame.name ?? '' : undefined;
  if (name === '__field') return fieldPath === 'name' ? field.name : fieldPath === 'displayName' ? field.config.displayName ?? field.name : undefined;
  if (rowIndex === undefined) return undefined;
  if (name === '__value') {
    const raw = field.values[rowIndex];
    switch (fieldPath) {
      case 'raw':
        return raw;
      case 'numeric':
        return field.display ? field.display(raw).numeric : Number(raw);
      case 'time':
        return frame.fields.find((f) => f.type === 'time')?.values[rowIndex];
      default:
        return field.display ? field.display(raw).text : raw;
    }
  }
  const match = /^fields(?:\.|\[["']?)([^"'\]]+)/.exec(fieldPath ?? '');
  if (!match) return undefined;
  const target = frame.fields.find((f) => f.name === match[1] || f.config.displayName === match[1]);
  const value = target?.values[rowIndex];
  return value === null || value === undefined ? '' : value;
}

function encodeURIComponentStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function formatTime(ms: number, format?: string): string {
  if (!format) return String(ms);
  if (format === 'date' || format === 'date:iso') return new Date(ms).toISOString();
  if (format === 'date:seconds') return String(Math.floor(ms / 1000));
  return String(ms);
}
