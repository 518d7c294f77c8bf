#!/bin/sh
# Stand-in for Prisma's native schema-engine binary, which cannot be downloaded offline.
# PRISMA_SCHEMA_ENGINE_BINARY points here so `prisma generate` skips the download; migrations
# go through scripts/db.ts (wasm engine) and scripts/migrate.ts instead.
echo "prisma: the native schema engine is not available offline. Use npm run db:migrate / db:deploy." >&2
exit 1
