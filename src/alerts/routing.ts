import { alertingConfig, groupBy, muteTimings, notificationTiming, secretEnv, type Severity, severities, teams } from './config';
import { alertRules } from './rules';

/**
 * Who hears about what, once, for both Alertmanager (alerts/alertmanager.yml) and Grafana
 * (provisioning/alerting/contact-points.yaml and notification-policies.yaml):
 *
 * - by severity: info to Slack; warning to Slack and email; error adds PagerDuty at low urgency;
 *   critical goes everywhere, PagerDuty at high urgency;
 * - by team: an alert whose `team` label names a team in config.ts, or whose `owner` is
 *   `team:<name>`, goes to that team's channel, address and PagerDuty service; the rest to the
 *   defaults;
 * - grouping by alert and dataset/job, so one dataset's alert notifies once and then once an hour
 *   while it persists (critical: every 30 minutes); escalation comes from the rules (a persisting
 *   alert fires again one severity higher, and that one inhibits the first);
 * - mute timings: the weekly maintenance window mutes everything but critical; info waits for
 *   working hours.
 */
export type PagerDutyUrgency = 'high' | 'low';

export interface ReceiverSpec {
  name: string;
  slackChannel?: string;
  email?: string;
  pagerduty?: { urgency: PagerDutyUrgency; keyEnv: string };
}

export type MatchOp = '=' | '!=' | '=~' | '!~';
export type Matcher = [label: string, op: MatchOp, value: string];

export interface RouteSpec {
  matchers: Matcher[];
  receiver: string;
  continue?: boolean;
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  muteTimeIntervals?: string[];
  routes?: RouteSpec[];
}

export interface Target {
  /** receiver name prefix */
  key: string;
  slackChannel: string;
  email: string;
  pagerdutyKeyEnv: string;
}

const receiverName = (target: Target, severity: Severity) => `pipelinepane-${target.key}-${severity}`;

const defaultTarget: Target = {
  key: 'default',
  slackChannel: alertingConfig.defaultSlackChannel,
  email: alertingConfig.defaultEmail,
  pagerdutyKeyEnv: secretEnv.pagerdutyRoutingKey,
};

export const targets: readonly Target[] = [
  ...teams.map((team) => ({
    key: team.team,
    slackChannel: team.slackChannel,
    email: team.email,
    pagerdutyKeyEnv: team.pagerdutyKeyEnv ?? secretEnv.pagerdutyRoutingKey,
  })),
  defaultTarget,
];

/** What each severity reaches. */
export const severityChannels: Record<Severity, { slack: boolean; email: boolean; pagerduty?: PagerDutyUrgency }> = {
  info: { slack: true, email: false },
  warning: { slack: true, email: true },
  error: { slack: true, email: true, pagerduty: 'low' },
  critical: { slack: true, email: true, pagerduty: 'high' },
};

export function receivers(): ReceiverSpec[] {
  return targets.flatMap((target) =>
    severities.map((severity) => {
      const channels = severityChannels[severity];
      return {
        name: receiverName(target, severity),
        ...(channels.slack ? { slackChannel: target.slackChannel } : {}),
        ...(channels.email ? { email: target.email } : {}),
        ...(channels.pagerduty ? { pagerduty: { urgency: channels.pagerduty, keyEnv: target.pagerdutyKeyEnv } } : {}),
      };
    }),
  );
}

/** Mute timings per severity: critical is never muted. */
export const severityMutes: Record<Severity, string[]> = {
  info: [muteTimings.maintenance.name, muteTimings.offHours.name],
  warning: [muteTimings.maintenance.name],
  error: [muteTimings.maintenance.name],
  critical: [],
};

function severityRoutes(target: Target): RouteSpec[] {
  return [...severities].reverse().map((severity) => ({
    matchers: [['severity', '=', severity]],
    receiver: receiverName(target, severity),
    groupWait: notificationTiming[severity].groupWait,
    groupInterval: notificationTiming[severity].groupInterval,
    repeatInterval: notificationTiming[severity].repeatInterval,
    ...(severityMutes[severity].length > 0 ? { muteTimeIntervals: severityMutes[severity] } : {}),
  }));
}

export const componentMatcher: Matcher = ['component', '=', 'pipelinepane'];

/** The root receiver: alerts that match nothing else (other components, missing severity). */
export const fallbackReceiver = receiverName(defaultTarget, 'warning');

export interface RoutingTree {
  receiver: string;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  routes: RouteSpec[];
}

export function routingTree(): RoutingTree {
  const teamRoutes = targets
    .filter((target) => target !== defaultTarget)
    .flatMap((target): RouteSpec[] => [
      { matchers: [componentMatcher, ['team', '=', target.key]], receiver: receiverName(target, 'warning'), routes: severityRoutes(target) },
      {
        matchers: [componentMatcher, ['team', '=', ''], ['owner', '=', `team:${target.key}`]],
        receiver: receiverName(target, 'warning'),
        routes: severityRoutes(target),
      },
    ]);
  return {
    receiver: fallbackReceiver,
    groupBy: [...groupBy],
    groupWait: notificationTiming.warning.groupWait,
    groupInterval: notificationTiming.warning.groupInterval,
    repeatInterval: notificationTiming.warning.repeatInterval,
    routes: [...teamRoutes, { matchers: [componentMatcher], receiver: fallbackReceiver, routes: severityRoutes(defaultTarget) }],
  };
}

/** A persisting alert's escalation silences the alert it escalates, for the same dataset or job. */
export function inhibitions(): Array<{ source: Matcher[]; target: Matcher[]; equal: string[] }> {
  return alertRules
    .filter((rule) => rule.escalates)
    .map((rule) => ({
      source: [['alertname', '=', rule.name]],
      target: [['alertname', '=', rule.escalates as string]],
      equal: ['namespace', 'dataset', 'job'],
    }));
}

/**
 * The routing table as examples: labels in, receivers out. `amtool config routes test` checks
 * every one against alerts/alertmanager.yml, and the Grafana policy tree is the same tree.
 */
export const routingExamples: ReadonlyArray<{ labels: Record<string, string>; receivers: string[] }> = [
  { labels: { component: 'pipelinepane', team: 'analytics', severity: 'info' }, receivers: ['pipelinepane-analytics-info'] },
  { labels: { component: 'pipelinepane', team: 'analytics', severity: 'warning' }, receivers: ['pipelinepane-analytics-warning'] },
  { labels: { component: 'pipelinepane', team: 'analytics', severity: 'error' }, receivers: ['pipelinepane-analytics-error'] },
  { labels: { component: 'pipelinepane', team: 'analytics', severity: 'critical' }, receivers: ['pipelinepane-analytics-critical'] },
  { labels: { component: 'pipelinepane', owner: 'team:growth', severity: 'error' }, receivers: ['pipelinepane-growth-error'] },
  { labels: { component: 'pipelinepane', team: 'data-platform', owner: 'team:growth', severity: 'critical' }, receivers: ['pipelinepane-data-platform-critical'] },
  { labels: { component: 'pipelinepane', owner: 'alice@example.com', severity: 'warning' }, receivers: ['pipelinepane-default-warning'] },
  { labels: { component: 'pipelinepane', team: 'unknown-team', severity: 'critical' }, receivers: ['pipelinepane-default-critical'] },
  { labels: { component: 'pipelinepane', severity: 'info' }, receivers: ['pipelinepane-default-info'] },
  { labels: { component: 'pipelinepane', team: 'analytics' }, receivers: ['pipelinepane-analytics-warning'] },
  { labels: { alertname: 'SomethingElse', severity: 'critical' }, receivers: [fallbackReceiver] },
];
