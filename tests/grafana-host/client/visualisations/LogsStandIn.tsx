import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2, FieldType, dateTimeFormat } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { useState } from 'react';

/**
 * A MINIMAL stand-in for Grafana's logs view (LogsPanel / Explore logs live in Grafana core).
 * It reads a logs frame the way Grafana's logs model does: the first time field is the
 * timestamp, the `body` field (else the first string field) is the line, `level` gives the
 * colour bar, `id` keys the rows, and the other fields are the line's details, shown when a
 * row is clicked, with their data links.
 */
const levelColors: Record<string, string> = { error: 'red', critical: 'red', warning: 'orange', warn: 'orange', info: 'green', debug: 'blue' };

export function LogsStandIn({ frames }: { frames: DataFrame[] }) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState<string | undefined>();
  const rows = frames.flatMap((frame) => {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const body = frame.fields.find((f) => f.name === 'body') ?? frame.fields.find((f) => f.type === FieldType.string);
    const level = frame.fields.find((f) => f.name === 'level' || f.name === 'severity');
    const id = frame.fields.find((f) => f.name === 'id');
    const others = frame.fields.filter((f) => f !== time && f !== body && f !== level && f !== id);
    return Array.from({ length: frame.length }, (_, row) => ({
      key: String(id?.values[row] ?? `${frame.refId}-${row}`),
      time: Number(time?.values[row] ?? 0),
      body: String(body?.values[row] ?? ''),
      level: String(level?.values[row] ?? 'unknown'),
      details: others.map((field) => ({
        name: field.config.displayName ?? field.name,
        value: field.values[row],
        links: field.getLinks && field.values[row] !== null ? field.getLinks({ valueRowIndex: row }) : [],
      })),
    }));
  });
  return (
    <div data-testid="logs" className={styles.wrapper}>
      <div className={styles.summary}>{rows.length} log lines</div>
      {rows.map((row) => (
        <div key={row.key} data-testid="log-row" data-level={row.level}>
          <div className={styles.row} onClick={() => setOpen(open === row.key ? undefined : row.key)}>
            <span className={styles.level} style={{ background: levelColors[row.level] ?? 'gray' }} title={row.level} />
            <span className={styles.time}>{dateTimeFormat(row.time, { format: 'YYYY-MM-DD HH:mm:ss' })}</span>
            <span className={styles.body}>{row.body}</span>
          </div>
          {open === row.key && (
            <table className={styles.details} data-testid="log-details">
              <tbody>
                {row.details
                  .filter((d) => d.value !== null && d.value !== undefined && d.value !== '')
                  .map((d) => (
                    <tr key={d.name}>
                      <th>{d.name}</th>
                      <td>
                        {String(d.value)}
                        {d.links.map((link, i) => (
                          <a key={i} href={link.href} className={styles.link}>
                            {link.title}
                          </a>
                        ))}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  summary: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5), fontFamily: theme.typography.fontFamily }),
  row: css({ display: 'flex', gap: theme.spacing(1), cursor: 'pointer', padding: '2px 0', '&:hover': { background: theme.colors.action.hover } }),
  level: css({ width: 4, flexShrink: 0, borderRadius: 2 }),
  time: css({ color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
  body: css({ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }),
  details: css({ margin: theme.spacing(0.5, 0, 1, 2), th: { textAlign: 'left', paddingRight: theme.spacing(2), color: theme.colors.text.secondary, fontWeight: 'normal' } }),
  link: css({ marginLeft: theme.spacing(1), color: theme.colors.text.link }),
});
