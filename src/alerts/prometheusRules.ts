import { alertingConfig } from './config';
import { type AlertRule, alertRules, commonLabels, dashboardUrl, type Subject, subjectLabels } from './rules';
import { Template } from './templates';

export interface PrometheusRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusRuleGroup {
  name: string;
  interval: string;
  rules: PrometheusRule[];
}

export const ruleGroupNames: Record<Subject, string> = {
  dataset: 'pipelinepane-datasets',
  job: 'pipelinepane-jobs',
  collector: 'pipelinepane-collector',
};

/** Labels every alert of a rule carries besides its series' labels. */
export function ruleLabels(rule: AlertRule): Record<string, string> {
  return { ...commonLabels, subject: rule.subject, ...(rule.escalates ? { escalated: 'true' } : {}) };
}

/** The annotations of a rule in one dialect. */
export function ruleAnnotations(rule: AlertRule, template: Template): Record<string, string> {
  return {
    summary: rule.summary(template),
    description: rule.description(template),
    dashboard_url: dashboardUrl[rule.subject](template),
  };
}

export function prometheusRule(rule: AlertRule): PrometheusRule {
  const template = new Template('prometheus', subjectLabels[rule.subject], rule.related ?? []);
  return {
    alert: rule.name,
    expr: rule.expr,
    for: rule.for,
    labels: ruleLabels(rule),
    annotations: ruleAnnotations(rule, template),
  };
}

/** The rule groups of alerts/pipelinepane.rules.yml: one per subject. */
export function prometheusRuleGroups(rules: readonly AlertRule[] = alertRules): PrometheusRuleGroup[] {
  return (Object.keys(ruleGroupNames) as Subject[])
    .map((subject) => ({
      name: ruleGroupNames[subject],
      interval: alertingConfig.evaluationInterval,
      rules: rules.filter((rule) => rule.subject === subject).map(prometheusRule),
    }))
    .filter((group) => group.rules.length > 0);
}
