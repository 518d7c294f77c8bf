// Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation).
// NEXT_RUNTIME and NODE_ENV are Next's own, not settings of ours, so they are read here rather
// than through lib/env.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installScimRequestGuard } = await import("./lib/scim-server/request-guard");
    installScimRequestGuard();
    // scripts/start.ts serves SCIM through this, ahead of Next (app/api/scim/v2/serve-direct.ts);
    // `npm run dev` leaves SCIM to Next, which recompiles the handlers as they change.
    if (process.env.NODE_ENV === "production") {
      const [{ serveScimDirect }, { setDirectScimServer }] = await Promise.all([import("./app/api/scim/v2/serve-direct"), import("./lib/scim-server/direct-server-slot")]);
      setDirectScimServer(serveScimDirect);
    }
    const { startMetadataRefreshTimer } = await import("./lib/saml/metadata-refresh-timer");
    startMetadataRefreshTimer();
  }
}
