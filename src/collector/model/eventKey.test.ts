import { describe, expect, it } from 'vitest';
import { eventKeyOf } from './eventKey';

describe('eventKeyOf', () => {
  const event = { eventType: 'START', eventTime: '2026-11-21T10:00:00Z', run: { runId: 'a' } };

  it('gives the same key to the same document, and different keys to different documents or sources', () => {
    expect(eventKeyOf('openlineage', event)).toBe(eventKeyOf('openlineage', JSON.parse(JSON.stringify(event))));
    expect(eventKeyOf('openlineage', event)).not.toBe(eventKeyOf('openlineage', { ...event, eventType: 'COMPLETE' }));
    expect(eventKeyOf('openlineage', event)).not.toBe(eventKeyOf('dlt', event));
  });

  it("starts with the document's own time so keys of later events sort after earlier ones", () => {
    const earlier = eventKeyOf('openlineage', event, Date.parse('2026-11-21T10:00:00Z'));
    const later = eventKeyOf('openlineage', { ...event, run: { runId: 'b' } }, Date.parse('2026-11-21T10:00:00.001Z'));
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^[0-9a-f]{13}:[0-9a-f]{64}$/);
    expect(eventKeyOf('openlineage', event, Date.parse('2026-11-21T10:00:00Z'))).toBe(earlier);
  });

  it('falls back to the bare hash when the document has no usable time', () => {
    expect(eventKeyOf('plain', event, Number.NaN)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventKeyOf('plain', event, undefined)).toBe(eventKeyOf('plain', event));
  });
});
