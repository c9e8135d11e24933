import { describe, expect, it } from 'vitest';
import { deterministicUuid, isUuid, PIPELINE_PANE_UUID_NAMESPACE, uuidV5 } from './deterministicUuid';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the published RFC 4122 version 5 vectors', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('http://python.org/', URL_NAMESPACE)).toBe('4c565f0d-3f5a-5890-b41b-20cf47701c5e');
  });

  it('sets the version 5 and RFC 4122 variant bits', () => {
    const id = uuidV5('anything');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('uses the Pipeline Pane namespace by default', () => {
    expect(uuidV5('x')).toBe(uuidV5('x', PIPELINE_PANE_UUID_NAMESPACE));
    expect(uuidV5('x')).not.toBe(uuidV5('x', DNS_NAMESPACE));
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace must be a UUID/);
  });
});

describe('deterministicUuid', () => {
  it('gives the same id for the same parts, every time', () => {
    const a = deterministicUuid('dbt', 'invocation', '3f5c4a62-7a1b-4d0e-9a6f-1f2e3d4c5b6a');
    expect(a).toBe(deterministicUuid('dbt', 'invocation', '3f5c4a62-7a1b-4d0e-9a6f-1f2e3d4c5b6a'));
    expect(isUuid(a)).toBe(true);
  });

  it('keeps part boundaries: moving a separator gives another id', () => {
    expect(deterministicUuid('a.b', 'c')).not.toBe(deterministicUuid('a', 'b.c'));
    expect(deterministicUuid('ab')).not.toBe(deterministicUuid('a', 'b'));
  });

  it('needs at least one part', () => {
    expect(() => deterministicUuid()).toThrow();
  });
});
