import { describe, expect, it } from 'vitest';
import { isPersonalDataTag, personalDataColumns } from './personalData';

describe('personal data columns', () => {
  it('finds columns tagged pii, gdpr or classification=personal, in schema order', () => {
    const tags = [
      { key: 'pii', value: 'true', field: 'email' },
      { key: 'classification', value: 'PERSONAL_DATA', field: 'phone' },
      { key: 'GDPR', value: 'yes', field: 'address' },
      { key: 'owner', value: 'growth', field: 'id' },
      { key: 'pii', value: 'true' },
    ];
    const schema = [{ name: 'id' }, { name: 'phone' }, { name: 'address' }, { name: 'email' }];
    expect(personalDataColumns(tags, schema)).toEqual(['phone', 'address', 'email']);
  });

  it('ignores dataset-level and unrelated tags', () => {
    expect(personalDataColumns([{ key: 'pii', value: 'true' }, { key: 'tier', value: 'gold', field: 'x' }])).toEqual([]);
    expect(isPersonalDataTag({ key: 'classification', value: 'public' })).toBe(false);
  });
});
