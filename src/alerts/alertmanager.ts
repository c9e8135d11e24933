import { alertingConfig, alertmanagerSecretsDir, delivery, muteTimings, secretEnv } from './config';
import { inhibitions, type Matcher, receivers, type RouteSpec, routingTree } from './routing';

/**
 * alerts/alertmanager.yml: the routing of src/alerts/routing.ts for a Prometheus Alertmanager.
 * Alertmanager reads no environment variables, so secrets are `*_file` settings pointing at
 * files its container's entrypoint writes from the environment (see secretFiles below).
 */

/** The file each secret's environment variable is written to, for Alertmanager. */
export function secretFile(env: string): string {
  return `${alertmanagerSecretsDir}/${env.toLowerCase()}`;
}

/** Every environment variable Alertmanager's secrets come from. */
export function alertmanagerSecretEnvs(): string[] {
  const envs = new Set<string>([secretEnv.slackWebhookUrl, secretEnv.smtpPassword, secretEnv.pagerdutyRoutingKey]);
  for (const receiver of receivers()) {
    if (receiver.pagerduty) {
      envs.add(receiver.pagerduty.keyEnv);
    }
  }
  return [...envs];
}

const matcherText = ([label, op, value]: Matcher) => `${label}${op}${JSON.stringify(value)}`;

function route(spec: RouteSpec): Record<string, unknown> {
  return {
    receiver: spec.receiver,
    matchers: spec.matchers.map(matcherText),
    ...(spec.continue ? { continue: true } : {}),
    ...(spec.groupWait ? { group_wait: spec.groupWait } : {}),
    ...(spec.groupInterval ? { group_interval: spec.groupInterval } : {}),
    ...(spec.repeatInterval ? { repeat_interval: spec.repeatInterval } : {}),
    ...(spec.muteTimeIntervals ? { mute_time_intervals: spec.muteTimeIntervals } : {}),
    ...(spec.routes ? { routes: spec.routes.map(route) } : {}),
  };
}

const slackTitle = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonAnnotations.summary }}';
const slackText =
  '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.description }}\n<{{ .Annotations.dashboard_url }}|Open in Grafana>\n{{ end }}';

/** Time intervals in Alertmanager's form. */
export function alertmanagerTimeIntervals() {
  return Object.values(muteTimings).map((timing) => ({
    name: timing.name,
    time_intervals: timing.intervals.map((interval) => ({
      weekdays: [...interval.weekdays],
      ...('times' in interval ? { times: interval.times.map((t) => ({ start_time: t.start, end_time: t.end })) } : {}),
      location: interval.location,
    })),
  }));
}

export function alertmanagerConfig(): Record<string, unknown> {
  const tree = routingTree();
  return {
    global: {
      resolve_timeout: '5m',
      slack_api_url_file: secretFile(secretEnv.slackWebhookUrl),
      smtp_smarthost: delivery.smtpSmarthost,
      smtp_from: alertingConfig.emailFrom,
      smtp_auth_username: delivery.smtpUsername,
      smtp_auth_password_file: secretFile(secretEnv.smtpPassword),
      smtp_require_tls: true,
      pagerduty_url: delivery.pagerdutyUrl,
    },
    route: {
      receiver: tree.receiver,
      group_by: tree.groupBy,
      group_wait: tree.groupWait,
      group_interval: tree.groupInterval,
      repeat_interval: tree.repeatInterval,
      routes: tree.routes.map(route),
    },
    inhibit_rules: inhibitions().map((inhibition) => ({
      source_matchers: inhibition.source.map(matcherText),
      target_matchers: inhibition.target.map(matcherText),
      equal: inhibition.equal,
    })),
    receivers: receivers().map((receiver) => ({
      name: receiver.name,
      ...(receiver.slackChannel
        ? { slack_configs: [{ channel: receiver.slackChannel, send_resolved: true, title: slackTitle, text: slackText }] }
        : {}),
      ...(receiver.email ? { email_configs: [{ to: receiver.email, send_resolved: true }] } : {}),
      ...(receiver.pagerduty
        ? {
            pagerduty_configs: [
              {
                routing_key_file: secretFile(receiver.pagerduty.keyEnv),
                // PagerDuty derives urgency from severity: critical and error are high, warning and info low.
                severity: receiver.pagerduty.urgency === 'high' ? 'critical' : 'warning',
                description: '{{ .CommonAnnotations.summary }}',
                details: {
                  urgency: receiver.pagerduty.urgency,
                  description: '{{ .CommonAnnotations.description }}',
                  dashboard: '{{ .CommonAnnotations.dashboard_url }}',
                  owner: '{{ .CommonLabels.owner }}',
                  team: '{{ .CommonLabels.team }}',
                },
                send_resolved: true,
              },
            ],
          }
        : {}),
    })),
    time_intervals: alertmanagerTimeIntervals(),
  };
}

/**
 * docker/alertmanager/entrypoint.sh: writes each secret variable to the file alertmanager.yml
 * reads (a placeholder when unset, so Alertmanager starts and logs a failed delivery instead of
 * refusing its config), then starts Alertmanager.
 */
export function alertmanagerEntrypoint(): string {
  const lines = alertmanagerSecretEnvs().map((env) => `write_secret ${env} "\${${env}:-}"`);
  return `#!/bin/sh
# Generated by npm run generate from src/alerts (alertmanager.ts): do not edit.
# Alertmanager reads no environment variables in its config; secrets come from files instead,
# written here from the environment and never stored in the image or the repository.
set -eu
secrets=${alertmanagerSecretsDir}
mkdir -p "$secrets"
umask 077
write_secret() {
  if [ -n "$2" ]; then
    printf '%s' "$2" > "$secrets/$(echo "$1" | tr 'A-Z' 'a-z')"
  else
    echo "alertmanager: $1 is not set; notifications that need it will fail" >&2
    printf '%s' 'http://127.0.0.1:9/not-configured' > "$secrets/$(echo "$1" | tr 'A-Z' 'a-z')"
  fi
}
${lines.join('\n')}
exec /bin/alertmanager "$@"
`;
}
