// How long a transaction may wait for a connection, and run. Every membership write serialises on
// its team's row lock, so a burst of writes to one team (Entra sends one PATCH per group member,
// in parallel) queues: Prisma's defaults (2 s to start, 5 s to run) turned that queue into 500s.
// A queued write finishing late beats a write lost; the bounds still end a genuinely stuck one.
export const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;
