/**
 * ISO-8601 timestamps as the tools write them, to epoch milliseconds: one reading for every
 * source, so the same text means the same instant whether OpenLineage, dbt, dlt or a plain run
 * report sent it (Date.parse would read a zone-less time in the server's local zone).
 *
 * OpenLineage emitters write RFC 3339 (`2024-05-01T12:00:00.123456+00:00`, `+0000`, `+02`, and in a
 * leap second `23:59:60`, read as `23:59:59`).
 * dbt writes `2024-05-01T12:00:00.123456Z`; dlt writes pendulum's `2024-05-01T12:00:00.123456+00:00`, or
 * Python's `str(datetime)` with a space (`2024-05-01 12:00:00.123456+00:00`) when a user dumps with
 * `default=str`; log lines and naive datetimes carry no zone at all. A missing zone is read as UTC.
 * Fractions beyond milliseconds are truncated (never rounded into the next millisecond).
 * Used by the dbt and the dlt normalizers alike.
 */

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Epoch milliseconds of an ISO-8601 timestamp, or undefined when the text is not one (or names an impossible date). */
export function parseIsoTimestamp(text: string): number | undefined {
  const match = ISO_TIMESTAMP.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, offsetHours, offsetMinutes = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, Math.min(second, 59), millis));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined; // 2024-02-30 and the like
  }
  let epoch = date.getTime();
  if (sign) {
    const offHours = Number(offsetHours);
    const offMinutes = Number(offsetMinutes);
    if (offHours > 23 || offMinutes > 59) {
      return undefined;
    }
    const offset = (offHours * 60 + offMinutes) * 60_000;
    epoch += sign === '+' ? -offset : offset;
  }
  return epoch;
}
