// ESM resolve hook for lib/testing/action-request.ts: next-auth's provider modules, imported by
// lib/auth/options.ts with a default import, are CommonJS whose default export is `exports.default`
// (as Next's bundler reads them); Node would hand over the whole exports object instead. Each is
// served through a one-line ES module re-exporting that default.
const PROVIDERS = new Set(["next-auth/providers/credentials", "next-auth/providers/boxyhq-saml"]);

export async function resolve(specifier, context, next) {
  if (PROVIDERS.has(specifier) && !context.parentURL?.startsWith("data:")) {
    const source = `import { createRequire } from "node:module"; const m = createRequire(${JSON.stringify(context.parentURL ?? import.meta.url)})(${JSON.stringify(specifier)}); export default m.default;`;
    return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
  }
  return next(specifier, context);
}
