// Work to finish before the process closes its database (scripts/start.ts runs these after the
// HTTP server has stopped taking requests), e.g. writing buffered SCIM request log entries. Kept on
// globalThis: route handlers are bundled by Next, a separate copy of every module.
const slot = globalThis as unknown as { gatehouseShutdownHooks?: Set<() => Promise<void>> };

export function onProcessShutdown(hook: () => Promise<void>): void {
  (slot.gatehouseShutdownHooks ??= new Set()).add(hook);
}

export async function runShutdownHooks(): Promise<void> {
  for (const hook of slot.gatehouseShutdownHooks ?? []) await hook().catch((e: unknown) => console.error("shutdown:", e));
}
