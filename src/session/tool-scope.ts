/**
 * Knows when code runs inside one of a session's tools, so a tool that calls `ask` on its own
 * session (which would wait for the very turn it is part of) fails at once instead of hanging until
 * its timeout. Uses Node's AsyncLocalStorage, looked up at run time so the core imports nothing
 * Node-only; where there is none (a browser), the check is simply not made.
 */
interface AsyncScope {
  run<T>(store: object, callback: () => T): T;
  getStore(): unknown;
}

const AsyncLocalStorage = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: new () => AsyncScope } | undefined } }
).process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
const scope: AsyncScope | undefined = AsyncLocalStorage ? new AsyncLocalStorage() : undefined;

export function runInToolScope<T>(owner: object, run: () => T): T {
  return scope ? scope.run(owner, run) : run();
}

export function isInToolScope(owner: object): boolean {
  return scope?.getStore() === owner;
}
