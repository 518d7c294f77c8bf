import "server-only";
import { getDb } from "../db/client";
import { appUrl } from "../env";
import { getJackson } from "./jackson";
import { refreshMetadataUrls } from "./metadata-refresh";
import { isLoopbackOrigin } from "./policy";

// The server's timer for the daily metadata check. It wakes every hour and refreshes only the
// connections whose last check is a day old (metadata-refresh.ts claims each one atomically), so
// several instances, restarts and a missed hour all end in one fetch per connection per day.
const TICK_MS = 60 * 60_000;
/** The first check waits until start-up is over. */
const FIRST_TICK_MS = 2 * 60_000;

const g = globalThis as unknown as { gatehouseMetadataTimer?: NodeJS.Timeout };

export function startMetadataRefreshTimer(): void {
  if (g.gatehouseMetadataTimer) return;
  const tick = async () => {
    try {
      const results = await refreshMetadataUrls({ jackson: await getJackson(), db: await getDb(), allowLoopbackFetch: isLoopbackOrigin(appUrl()) });
      const rolled = results.filter((r) => r.outcome === "rolled_over").length;
      if (rolled) console.log(`[saml] metadata check: ${rolled} connection(s) adopted a rolled-over certificate`);
    } catch (e) {
      console.error(`[saml] metadata check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  g.gatehouseMetadataTimer = setTimeout(function run() {
    void tick().finally(() => {
      g.gatehouseMetadataTimer = setTimeout(run, TICK_MS).unref();
    });
  }, FIRST_TICK_MS).unref();
}
