/**
 * Annotation text written once for both alerting engines. Prometheus and Grafana share Go
 * templates and Prometheus' humanize functions, but differ in two places: the alert's value
 * (`$value` in Prometheus, `$values.<refId>.Value` in Grafana) and related numbers (Prometheus
 * templates run a `query`; Grafana evaluates extra queries in the rule and exposes them as
 * `$values.<refId>`). A template is a function of a Template, which writes the right form.
 */
export type Dialect = 'prometheus' | 'grafana';
export type ValueFormat = 'duration' | 'number' | 'percent' | 'timestamp' | 'raw';

/** Where a related expression names its subject; replaced by the subject's label matchers. */
export const subjectPlaceholder = 'SUBJECT';

/** A number shown in an annotation, read from another expression with the same labels as the alert. */
export interface RelatedValue {
  /** refId in Grafana rules (letters only), and the name templates use */
  key: string;
  /**
   * PromQL with the alert's label set, naming its subject with SUBJECT inside selectors
   * (`metric{SUBJECT}`, `metric{state="FAIL",SUBJECT}`)
   */
  expr: string;
}

const pipe: Record<ValueFormat, string> = {
  duration: ' | humanizeDuration',
  number: ' | humanize',
  percent: ' | humanizePercentage',
  timestamp: ' | humanizeTimestamp',
  raw: '',
};

/** The Grafana refId that holds an alert rule's measured value. */
export const grafanaValueRef = 'VALUE';

/** A Go template string literal. */
const goString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A related expression with its subject matchers removed: every subject at once (Grafana queries). */
export function unscopedExpr(expr: string): string {
  return expr.replace(new RegExp(`\\{${subjectPlaceholder}\\}`, 'g'), '').replace(new RegExp(`,${subjectPlaceholder}`, 'g'), '');
}

export class Template {
  constructor(
    readonly dialect: Dialect,
    /** the labels that identify the alert's subject (namespace + dataset, namespace + job) */
    private readonly subjectLabels: readonly string[],
    private readonly related: readonly RelatedValue[] = [],
  ) {}

  label(name: string): string {
    return `{{ $labels.${name} }}`;
  }

  /** The alert's measured value. */
  value(format: ValueFormat = 'raw'): string {
    return this.dialect === 'prometheus' ? `{{ $value${pipe[format]} }}` : `{{ $values.${grafanaValueRef}.Value${pipe[format]} }}`;
  }

  /** A related number; `fallback` when it has no value for this subject. */
  relatedValue(key: string, format: ValueFormat, fallback = 'unknown'): string {
    if (this.dialect === 'grafana') {
      this.relatedExpr(key);
      return `{{ with $values.${key} }}{{ .Value${pipe[format]} }}{{ else }}${fallback}{{ end }}`;
    }
    return this.prometheusQuery(key, `{{ . | first | value${pipe[format]} }}`, fallback);
  }

  /**
   * A label of a related series (an info-style metric such as the last error), joined on the
   * subject's labels; `fallback` when there is no such series for this subject.
   */
  relatedLabel(key: string, label: string, fallback = 'unknown'): string {
    if (this.dialect === 'grafana') {
      this.relatedExpr(key);
      return `{{ with $values.${key} }}{{ index .Labels ${goString(label)} }}{{ else }}${fallback}{{ end }}`;
    }
    return this.prometheusQuery(key, `{{ . | first | label ${goString(label)} }}`, fallback);
  }

  private relatedExpr(key: string): string {
    const related = this.related.find((r) => r.key === key);
    if (!related) {
      throw new Error(`no related value "${key}" is declared for this rule`);
    }
    return related.expr;
  }

  private prometheusQuery(key: string, body: string, fallback: string): string {
    const expr = this.relatedExpr(key);
    // Prometheus: query the related expression for this alert's subject. Each place the
    // expression names the subject takes the subject's labels, quoted by printf %q.
    const parts = expr.split(subjectPlaceholder);
    if (parts.length < 2) {
      throw new Error(`related value "${key}" does not name its subject (${subjectPlaceholder})`);
    }
    const matchers = this.subjectLabels.map((label) => `${label}=%q`).join(',');
    const args = this.subjectLabels.map((label) => `$labels.${label}`).join(' ');
    const allArgs = Array.from({ length: parts.length - 1 }, () => args).join(' ');
    return `{{ with printf ${goString(parts.join(matchers))} ${allArgs} | query }}${body}{{ else }}${fallback}{{ end }}`;
  }

  /** `text` when the label is set, else `otherwise`. */
  ifLabel(name: string, text: string, otherwise = ''): string {
    return `{{ if $labels.${name} }}${text}{{ else }}${otherwise}{{ end }}`;
  }

  /** A label value encoded for a URL query. */
  urlLabel(name: string): string {
    return `{{ $labels.${name} | urlquery }}`;
  }

  /**
   * A node id (`dataset:<namespace>:<name>`, colons in the namespace as %3A, see
   * src/contract/nodeIds.ts), encoded for a URL query.
   */
  nodeIdParam(kind: 'dataset' | 'job', nameLabel: string): string {
    return `{{ printf "${kind}:%s:%s" (reReplaceAll ":" "%3A" (reReplaceAll "%" "%25" $labels.namespace)) $labels.${nameLabel} | urlquery }}`;
  }
}
