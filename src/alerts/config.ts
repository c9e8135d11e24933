/**
 * Settings of the alerting-as-code that differ between installations. Change them here and run
 * `npm run generate`: the Prometheus rules, Alertmanager config and Grafana provisioning follow.
 */
export const alertingConfig = {
  /** where people open Grafana: links in alert annotations point here */
  grafanaUrl: 'http://localhost:3000',
  /** the Grafana folder that holds the Grafana-managed rules */
  grafanaFolder: 'Pipeline Pane',
  /** how often rules are evaluated (Prometheus rule groups and Grafana rule groups) */
  evaluationInterval: '1m',
  /** quality pass ratio below which datasets without a quality SLA alert */
  defaultMinQualityPassRatio: 0.9,
  /** Slack channel for alerts of no known team */
  defaultSlackChannel: '#data-alerts',
  /** email for alerts of no known team */
  defaultEmail: 'data-alerts@example.com',
  /** the sender of alert emails */
  emailFrom: 'pipeline-pane@example.com',
  /** the team whose channels get the collector's own alerts */
  collectorTeam: 'data-platform',
};

export type Severity = 'info' | 'warning' | 'error' | 'critical';
export const severities: readonly Severity[] = ['info', 'warning', 'error', 'critical'];

/**
 * Teams whose alerts go to their own channels. An alert belongs to a team when its `team` label
 * (from the SLA config's `team`, or a `team` tag) names it, or when its `owner` is `team:<name>`
 * (the OpenLineage ownership facet's convention). The demo's SLA config uses these teams.
 */
export interface TeamRoute {
  team: string;
  slackChannel: string;
  email: string;
  /**
   * The environment variable holding this team's PagerDuty routing key (Events API v2); teams
   * without one page through the default key.
   */
  pagerdutyKeyEnv?: string;
}

export const teams: readonly TeamRoute[] = [
  { team: 'data-platform', slackChannel: '#data-platform-alerts', email: 'data-platform@example.com', pagerdutyKeyEnv: 'PANE_PAGERDUTY_KEY_DATA_PLATFORM' },
  { team: 'analytics', slackChannel: '#analytics-alerts', email: 'analytics@example.com' },
  { team: 'growth', slackChannel: '#growth-data', email: 'growth-data@example.com' },
];

/**
 * Secrets never live in these files: each is read from an environment variable. Grafana reads
 * them when it provisions (`$VAR` in provisioning/alerting); Alertmanager, which has no variables
 * in its config, reads them from files (`*_file` settings) that its container's entrypoint writes
 * from the same variables (docker/alertmanager/entrypoint.sh).
 */
export const secretEnv = {
  slackWebhookUrl: 'PANE_SLACK_WEBHOOK_URL',
  pagerdutyRoutingKey: 'PANE_PAGERDUTY_ROUTING_KEY',
  smtpPassword: 'PANE_SMTP_PASSWORD',
} as const;

/** Where alerts go that are not secret: mail relay and sender, PagerDuty's Events API. */
export const delivery = {
  smtpSmarthost: 'smtp.example.com:587',
  smtpUsername: 'pipeline-pane',
  pagerdutyUrl: 'https://events.pagerduty.com/v2/enqueue',
};

/** Where the Alertmanager container finds the secret files its entrypoint writes. */
export const alertmanagerSecretsDir = '/etc/alertmanager/secrets';

/** Mute timings: named time intervals during which some notifications are held back. */
export const muteTimings = {
  /** weekly maintenance window: everything but critical is muted */
  maintenance: {
    name: 'pane-maintenance-window',
    intervals: [{ weekdays: ['sunday'], times: [{ start: '02:00', end: '04:00' }], location: 'UTC' }],
  },
  /** nights and weekends: info alerts wait for working hours */
  offHours: {
    name: 'pane-off-hours',
    intervals: [
      { weekdays: ['monday:friday'], times: [{ start: '00:00', end: '08:00' }], location: 'UTC' },
      { weekdays: ['monday:friday'], times: [{ start: '18:00', end: '24:00' }], location: 'UTC' },
      { weekdays: ['saturday', 'sunday'], location: 'UTC' },
    ],
  },
} as const;

/** Notification timing, per severity: how long to wait, how often to repeat while it persists. */
export const notificationTiming: Record<Severity, { groupWait: string; groupInterval: string; repeatInterval: string }> = {
  info: { groupWait: '1m', groupInterval: '10m', repeatInterval: '12h' },
  warning: { groupWait: '30s', groupInterval: '5m', repeatInterval: '1h' },
  error: { groupWait: '30s', groupInterval: '5m', repeatInterval: '1h' },
  critical: { groupWait: '10s', groupInterval: '2m', repeatInterval: '30m' },
};

/** Alerts of one dataset or job notify together. */
export const groupBy = ['alertname', 'namespace', 'dataset', 'job'];
