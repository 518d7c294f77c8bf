// Daily re-fetch of the metadata URL of every SAML connection that was set up from one, so a
// certificate the IdP rolls over (Entra ID, Okta and ADFS publish the next one in advance) is
// adopted before the old one expires, audited. The server calls refreshMetadataUrls on a timer
// (lib/saml/metadata-refresh-timer.ts); with several instances each connection is claimed by one
// of them per day with a compare-and-set on its settings row, so none is fetched twice.
import type { SAMLSSORecord } from "@boxyhq/saml-jackson";
import { recordAudit } from "../audit/record-audit";
import { lockTeamRow } from "../audit/standing";
import type { Db } from "../members/types";
import { checkMetadataXml, samlDetails, stampSsoChange } from "./connections";
import { SAML_PRODUCT } from "./constants";
import { callJackson } from "./errors";
import { ensureConnectionSettings } from "./connection-settings";
import { samlIdentityFromMetadata, samlIdentityOfRecord } from "./idp-identity";
import { fetchMetadataXml } from "./metadata-fetch";
import type { Jackson } from "./open-jackson";

/** How often a connection's metadata URL is fetched. */
export const METADATA_REFRESH_INTERVAL_MS = 24 * 3_600_000;
/** A claim is renewed a little early, so a daily timer does not drift a day behind. */
const CLAIM_SLACK_MS = 60 * 60_000;

export type RefreshDeps = {
  jackson: Jackson;
  db: Db;
  allowLoopbackFetch: boolean;
  now?: Date;
  /** Fetches the metadata (metadata-fetch.ts by default). */
  fetchXml?: (url: string) => Promise<string>;
};

export type RefreshResult = { clientId: string; teamId: string; outcome: "unchanged" | "rolled_over" | "failed"; detail?: string };

// The certificates as jackson keeps them (signing ones, or all when none is marked), read from
// either side the same way: a regex over every X509Certificate counted an encryption key too, and
// metadata with one was "rolled over" and audited every day.
const trustedBy = (record: SAMLSSORecord) => samlIdentityOfRecord(record.idpMetadata).certificates;
const metadataUrlOf = (c: SAMLSSORecord) => (c.description?.startsWith("metadata-url:") ? c.description.slice("metadata-url:".length) : null);

export async function refreshMetadataUrls(deps: RefreshDeps): Promise<RefreshResult[]> {
  const now = deps.now ?? new Date();
  const fetchXml = deps.fetchXml ?? ((url: string) => fetchMetadataXml(url, { allowLoopback: deps.allowLoopbackFetch }));
  const results: RefreshResult[] = [];
  const teams = await deps.db.team.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const team of teams) {
    const connections = (
      await callJackson("read the SAML connections", () => deps.jackson.connectionAPIController.getConnections({ tenant: team.id, product: SAML_PRODUCT }))
    ).filter((c): c is SAMLSSORecord => "idpMetadata" in c && !!c.idpMetadata);
    for (const connection of connections) {
      const url = metadataUrlOf(connection);
      if (!url) continue;
      await ensureConnectionSettings(deps.db, { clientId: connection.clientID, teamId: team.id, idpEntityId: connection.idpMetadata.entityID });
      // Compare-and-set: only the instance whose update matched fetches this connection today.
      const claimed = await deps.db.ssoConnectionSettings.updateMany({
        where: {
          clientId: connection.clientID,
          OR: [{ metadataCheckedAt: null }, { metadataCheckedAt: { lte: new Date(now.getTime() - METADATA_REFRESH_INTERVAL_MS + CLAIM_SLACK_MS) } }],
        },
        data: { metadataCheckedAt: now },
      });
      if (claimed.count !== 1) continue;
      results.push(await refreshOne(deps, team.id, connection, url, fetchXml));
    }
  }
  return results;
}

async function refreshOne(deps: RefreshDeps, teamId: string, connection: SAMLSSORecord, url: string, fetchXml: (url: string) => Promise<string>): Promise<RefreshResult> {
  const base = { clientId: connection.clientID, teamId };
  const trusted = trustedBy(connection);
  const compared = JSON.stringify(trusted);
  try {
    const xml = checkMetadataXml(await fetchXml(url));
    if (JSON.stringify(samlIdentityFromMetadata(xml).certificates) === compared) return { ...base, outcome: "unchanged" };
    const before = samlDetails(connection);
    // Written under the team's lock, as saving a connection is (connections.ts), and only over the
    // record it was compared with: read before the fetch (which a metadata host can hold open for
    // seconds), an owner's save meanwhile (another URL, a pasted certificate replacing a
    // compromised one) was overwritten with the old URL's certificates, which then signed the
    // owners in again (found by review).
    const written = await deps.db.$transaction(
      async (tx) => {
        if (!(await lockTeamRow(tx, teamId, undefined))) return null;
        const [current] = (await callJackson("read the SAML connection", () => deps.jackson.connectionAPIController.getConnections({ clientID: connection.clientID }))) as SAMLSSORecord[];
        if (!current?.idpMetadata || metadataUrlOf(current) !== url || JSON.stringify(trustedBy(current)) !== compared) return null;
        const updated = await callJackson("update the SAML connection", async () => {
          await deps.jackson.connectionAPIController.updateSAMLConnection({
            clientID: current.clientID,
            clientSecret: current.clientSecret,
            tenant: current.tenant,
            product: current.product,
            rawMetadata: xml,
          });
          const [again] = await deps.jackson.connectionAPIController.getConnections({ clientID: current.clientID });
          return again as SAMLSSORecord;
        });
        // A certificate the IdP no longer publishes vouches for no login from now on: one it
        // answered before, still being redeemed, opens no session (the cutoff, start-session.ts).
        // Sessions stay: the party the owner chose rolled its own key over.
        const kept = new Set(trustedBy(updated));
        if (trusted.some((c) => !kept.has(c))) await stampSsoChange(tx, teamId);
        const after = samlDetails(updated);
        await recordAudit(tx, {
          teamId,
          actor: { type: "system", label: "Daily metadata check" },
          action: "saml.connection_changed",
          target: { type: "saml_connection", id: connection.clientID, label: after.idpEntityId },
          details: {
            change: "certificate_rolled_over",
            metadataUrl: url,
            certificateExpires: { from: before.certificateExpires?.toISOString() ?? null, to: after.certificateExpires?.toISOString() ?? null },
          },
        });
        return updated;
      },
      { timeout: 30_000 },
    );
    return written ? { ...base, outcome: "rolled_over" } : { ...base, outcome: "unchanged", detail: "changed by a save since it was read" };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    console.error(`[saml] metadata refresh of ${url} failed: ${detail}`);
    return { ...base, outcome: "failed", detail };
  }
}
