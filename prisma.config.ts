import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7's CLI downloads its native schema engine even for `prisma generate`, and these
// machines cannot reach that host. Point it at a stub so generate works offline; migrations
// run through scripts/db.ts (wasm engine, for authoring) and scripts/migrate.ts (deploy).
const enginesDir = path.join(process.cwd(), "node_modules", "@prisma", "engines");
const hasNativeEngine =
  fs.existsSync(enginesDir) && fs.readdirSync(enginesDir).some((f) => f.startsWith("schema-engine-"));
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeEngine) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(process.cwd(), "scripts", "no-schema-engine.sh");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
