import { describe, expect, it } from 'vitest';
import { ingestOpenLineageEvent } from '../ingest/openlineage';
import type { IngestEnvelope } from '../model/observations';
import { decodeEnvelopes, encodeEnvelopes } from './writerThreadProtocol';

const event = (runId: string, eventType: string) => ({
  eventType,
  eventTime: '2026-11-20T02:05:00.123Z',
  producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId, facets: { custom: { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/s.json', nested: { list: [1, 'two', null] } } } },
  job: { namespace: 'airflow-prod', name: 'orders.load' },
  inputs: [{ namespace: 'postgres://orders-db:5432', name: 'public.orders' }],
  outputs: [{ namespace: 'snowflake://acme', name: 'analytics.orders', facets: { schema: { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/s.json', fields: [{ name: 'email', type: 'text', tags: [{ key: 'pii', value: 'true' }] }] } } }],
});

describe('envelopes crossing to the writer thread', () => {
  it('arrive as they were sent, with each payload as the text to store', () => {
    const envelopes: IngestEnvelope[] = [
      ingestOpenLineageEvent(event('0191e1a6-5a4e-7b6c-9f00-000000000001', 'START')),
      { ...ingestOpenLineageEvent(event('0191e1a6-5a4e-7b6c-9f00-000000000002', 'FAIL')), payloadJson: undefined },
    ];
    const decoded = decodeEnvelopes(structuredClone(encodeEnvelopes(envelopes)));

    expect(decoded).toHaveLength(2);
    decoded.forEach((arrived, i) => {
      const { payload, payloadJson, ...observations } = envelopes[i];
      expect(arrived.payload).toBeUndefined();
      expect(JSON.parse(arrived.payloadJson as string)).toEqual(payload);
      if (payloadJson !== undefined) expect(arrived.payloadJson).toBe(payloadJson);
      expect({ ...arrived, payload: undefined, payloadJson: undefined }).toEqual({ ...observations, payload: undefined, payloadJson: undefined });
    });
    expect(decoded[1].runs[0].runFacets).toEqual({ custom: { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/s.json', nested: { list: [1, 'two', null] } } });
  });

  it('keeps the payloads out of the JSON, so they are not escaped into it', () => {
    const encoded = encodeEnvelopes([ingestOpenLineageEvent(event('0191e1a6-5a4e-7b6c-9f00-000000000003', 'COMPLETE'))]);
    expect(encoded.envelopes).not.toContain('OpenLineage.json#/$defs/RunEvent');
    expect(encoded.payloads[0]).toContain('"schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"');
  });
});
