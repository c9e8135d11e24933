import { alertingConfig, muteTimings, secretEnv } from './config';
import { prometheusRuleGroups, ruleAnnotations, ruleGroupNames, ruleLabels } from './prometheusRules';
import { type Matcher, receivers, type RouteSpec, routingTree } from './routing';
import { type AlertRule, alertRules, type Subject, subjectLabels } from './rules';
import { grafanaValueRef, Template, unscopedExpr } from './templates';

/**
 * provisioning/alerting/*.yaml: the same rules and routing for Grafana-managed alerting, querying
 * the provisioned Prometheus data source. Grafana expands `$VAR` in every string of these files,
 * so literal dollars (template variables, math expressions) are written `$$`, and only secrets are
 * written as variables (see EnvRef).
 */
export const grafanaPrometheusUid = 'prometheus';
export const grafanaOrgId = 1;

/** A value Grafana takes from the environment when it provisions. */
export class EnvRef {
  constructor(readonly name: string) {}
}

/** Every string with `$` doubled (Grafana's escape), every EnvRef as `$NAME`. */
export function escapeForGrafana(value: unknown): unknown {
  if (value instanceof EnvRef) {
    return `$${value.name}`;
  }
  if (typeof value === 'string') {
    return value.replace(/\$/g, '$$$$');
  }
  if (Array.isArray(value)) {
    return value.map(escapeForGrafana);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeForGrafana(item)]));
  }
  return value;
}

const expressionDatasource = { type: '__expr__', uid: '__expr__' };
const conditionRef = 'FIRING';
const queryRef = 'QUERY';

function prometheusQuery(refId: string, expr: string) {
  return {
    refId,
    relativeTimeRange: { from: 600, to: 0 },
    datasourceUid: grafanaPrometheusUid,
    model: {
      refId,
      datasource: { type: 'prometheus', uid: grafanaPrometheusUid },
      editorMode: 'code',
      expr,
      instant: true,
      range: false,
      intervalMs: 1000,
      maxDataPoints: 43200,
      legendFormat: '__auto',
    },
  };
}

function reduce(refId: string, of: string) {
  return {
    refId,
    datasourceUid: '__expr__',
    model: { refId, datasource: expressionDatasource, type: 'reduce', expression: of, reducer: 'last', settings: { mode: 'dropNN' } },
  };
}

function math(refId: string, expression: string) {
  return { refId, datasourceUid: '__expr__', model: { refId, datasource: expressionDatasource, type: 'math', expression } };
}

/**
 * A rule as Grafana evaluates it: QUERY runs the rule's PromQL (one series per subject in
 * trouble); VALUE is its value, which the annotations quote; each related value is queried and
 * reduced under its own refId; FIRING (`is_number($VALUE)`) is the condition, true for every
 * series QUERY returned.
 */
export function grafanaRule(rule: AlertRule) {
  const template = new Template('grafana', subjectLabels[rule.subject], rule.related ?? []);
  const related = (rule.related ?? []).flatMap((r) => [prometheusQuery(`${r.key}_query`, unscopedExpr(r.expr)), reduce(r.key, `${r.key}_query`)]);
  return {
    uid: rule.uid,
    title: rule.name,
    condition: conditionRef,
    data: [prometheusQuery(queryRef, rule.expr), reduce(grafanaValueRef, queryRef), ...related, math(conditionRef, `is_number($${grafanaValueRef})`)],
    noDataState: 'OK',
    execErrState: 'Error',
    for: rule.for,
    annotations: ruleAnnotations(rule, template),
    labels: ruleLabels(rule),
    isPaused: false,
  };
}

export function grafanaRuleGroups() {
  const bySubject = new Map(prometheusRuleGroups().map((group) => [group.name, group.interval]));
  return {
    apiVersion: 1,
    groups: (Object.keys(ruleGroupNames) as Subject[]).map((subject) => ({
      orgId: grafanaOrgId,
      name: ruleGroupNames[subject],
      folder: alertingConfig.grafanaFolder,
      interval: bySubject.get(ruleGroupNames[subject]) ?? alertingConfig.evaluationInterval,
      rules: alertRules.filter((rule) => rule.subject === subject).map(grafanaRule),
    })),
  };
}

const slackTitle = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonAnnotations.summary }}';
const slackText = '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.description }}\n<{{ .Annotations.dashboard_url }}|Open in Grafana>\n{{ end }}';

/** Contact point integration uids: at most 40 characters. */
const integrationUid = (receiver: string, type: string) => `${receiver.replace(/^pipelinepane-/, 'pp-')}-${type}`;

export function grafanaContactPoints() {
  return {
    apiVersion: 1,
    contactPoints: receivers().map((receiver) => ({
      orgId: grafanaOrgId,
      name: receiver.name,
      receivers: [
        ...(receiver.slackChannel
          ? [
              {
                uid: integrationUid(receiver.name, 'slack'),
                type: 'slack',
                settings: { url: new EnvRef(secretEnv.slackWebhookUrl), recipient: receiver.slackChannel, title: slackTitle, text: slackText },
                disableResolveMessage: false,
              },
            ]
          : []),
        ...(receiver.email
          ? [
              {
                uid: integrationUid(receiver.name, 'email'),
                type: 'email',
                settings: { addresses: receiver.email, singleEmail: true },
                disableResolveMessage: false,
              },
            ]
          : []),
        ...(receiver.pagerduty
          ? [
              {
                uid: integrationUid(receiver.name, 'pagerduty'),
                type: 'pagerduty',
                settings: {
                  integrationKey: new EnvRef(receiver.pagerduty.keyEnv),
                  severity: receiver.pagerduty.urgency === 'high' ? 'critical' : 'warning',
                  summary: '{{ .CommonAnnotations.summary }}',
                  details: { urgency: receiver.pagerduty.urgency, description: '{{ .CommonAnnotations.description }}', dashboard: '{{ .CommonAnnotations.dashboard_url }}' },
                },
                disableResolveMessage: false,
              },
            ]
          : []),
      ],
    })),
  };
}

function policy(spec: RouteSpec): Record<string, unknown> {
  return {
    receiver: spec.receiver,
    object_matchers: spec.matchers.map((m: Matcher) => [...m]),
    ...(spec.continue ? { continue: true } : {}),
    ...(spec.groupWait ? { group_wait: spec.groupWait } : {}),
    ...(spec.groupInterval ? { group_interval: spec.groupInterval } : {}),
    ...(spec.repeatInterval ? { repeat_interval: spec.repeatInterval } : {}),
    ...(spec.muteTimeIntervals ? { mute_time_intervals: spec.muteTimeIntervals } : {}),
    ...(spec.routes ? { routes: spec.routes.map(policy) } : {}),
  };
}

/** The notification policy tree. It replaces the organisation's whole tree: Grafana provisions policies as one tree. */
export function grafanaPolicies() {
  const tree = routingTree();
  return {
    apiVersion: 1,
    policies: [
      {
        orgId: grafanaOrgId,
        receiver: tree.receiver,
        group_by: tree.groupBy,
        group_wait: tree.groupWait,
        group_interval: tree.groupInterval,
        repeat_interval: tree.repeatInterval,
        routes: tree.routes.map(policy),
      },
    ],
  };
}

export function grafanaMuteTimings() {
  return {
    apiVersion: 1,
    muteTimes: Object.values(muteTimings).map((timing) => ({
      orgId: grafanaOrgId,
      name: timing.name,
      time_intervals: timing.intervals.map((interval) => ({
        weekdays: [...interval.weekdays],
        ...('times' in interval ? { times: interval.times.map((t) => ({ start_time: t.start, end_time: t.end })) } : {}),
        location: interval.location,
      })),
    })),
  };
}
