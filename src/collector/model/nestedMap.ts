/** A map keyed by (namespace, name): a map per namespace, so no composite key string is built per look-up. */
export class NestedMap<V> {
  private readonly byNamespace = new Map<string, Map<string, V>>();
  size = 0;
  get(namespace: string, name: string): V | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }
  set(namespace: string, name: string, value: V): void {
    let names = this.byNamespace.get(namespace);
    if (!names) this.byNamespace.set(namespace, (names = new Map()));
    const before = names.size;
    names.set(name, value);
    this.size += names.size - before;
  }
  forEach(visit: (value: V, namespace: string, name: string) => void): void {
    this.byNamespace.forEach((names, namespace) => names.forEach((value, name) => visit(value, namespace, name)));
  }
  clear(): void {
    this.byNamespace.clear();
    this.size = 0;
  }
}
