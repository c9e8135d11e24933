/**
 * One string per job or dataset (namespace, name), for Maps and Sets. NUL cannot appear in
 * either part (names come from JSON strings that the schemas and parsers accept), so two
 * different pairs never give the same key.
 */
export const nodeKey = (namespace: string, name: string): string => `${namespace}\u0000${name}`;
