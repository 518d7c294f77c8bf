// Only `prisma dev` (a local Prisma Postgres server) imports @prisma/streams-local, and the real
// package requires Node >= 22. Gatehouse runs its own embedded database and never calls it.
export async function startLocalDurableStreamsServer() {
  throw new Error("`prisma dev` is not available in Gatehouse: use `npm start` (embedded database) or DATABASE_URL=postgresql://…");
}
