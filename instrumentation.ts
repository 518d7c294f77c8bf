// Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installScimRequestGuard } = await import("./lib/scim-server/request-guard");
    installScimRequestGuard();
    const { startMetadataRefreshTimer } = await import("./lib/saml/metadata-refresh-timer");
    startMetadataRefreshTimer();
  }
}
