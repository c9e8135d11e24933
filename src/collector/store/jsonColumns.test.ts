import { describe, expect, it } from 'vitest';
import { jsonArray, ownerNamesOf, stringListOf } from './jsonColumns';

describe('JSON column readers', () => {
  it('read owners written as facet objects or as plain strings, and nothing else', () => {
    expect(ownerNamesOf('[{"name":"team:analytics","type":"TEAM"},{"name":"alice"}]')).toEqual(['team:analytics', 'alice']);
    expect(ownerNamesOf('["bob", {"type":"TEAM"}, 3, " ", {"name":""}]')).toEqual(['bob']);
    expect(ownerNamesOf(null)).toEqual([]);
    expect(ownerNamesOf('{"name":"x"}')).toEqual([]);
    expect(ownerNamesOf('not json')).toEqual([]);
  });

  it('read string lists and arrays, empty for anything malformed', () => {
    expect(stringListOf('["email","phone",7]')).toEqual(['email', 'phone']);
    expect(stringListOf('{')).toEqual([]);
    expect(jsonArray('[{"key":"team","value":"core"}]')).toEqual([{ key: 'team', value: 'core' }]);
    expect(jsonArray('"text"')).toEqual([]);
  });
});
