/**
 * A fake of a port (or service) holding only the methods a test expects to be called: touching any other
 * member throws, so a unit test also proves what the code under test did not read or write.
 */
export function strictFake<T extends object>(name: string, members: Partial<{ [K in keyof T]: unknown }> = {}): T {
  return new Proxy(members as T, {
    get(target, prop) {
      if (prop in target) return (target as Record<string | symbol, unknown>)[prop];
      // probes by await, jest's printer and the like are not calls
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'asymmetricMatch' || prop === 'toJSON') return undefined;
      throw new Error(`${name}.${prop} was not expected to be used`);
    },
  });
}
