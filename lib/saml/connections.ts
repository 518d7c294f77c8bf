// A team's SAML connection, kept in jackson (tenant = team id, product = "gatehouse"). One per
// team: saving new metadata replaces the old connection, even when the IdP's entity ID changed.
import type { SAMLSSORecord } from "@boxyhq/saml-jackson";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../members/types";
import { SAML_PRODUCT, spUrls } from "./constants";
import { callJackson, SsoError, toSsoError } from "./errors";
import { fetchMetadataXml, MetadataFetchError } from "./metadata-fetch";
import type { Jackson } from "./open-jackson";
import { parseXmlRoot } from "./xml";

export const MAX_METADATA_LENGTH = 1_000_000;

export type ConnectionSummary = {
  clientID: string;
  idpEntityId: string;
  ssoUrl: string | null;
  provider: string;
  certificateExpires: Date | null;
  metadataUrl: string | null;
};

export type MetadataSource = { kind: "xml"; xml: string } | { kind: "url"; url: string };

const refuse = (message: string, detail?: string) => new SsoError("rejected", message, 400, detail);

export function summarizeConnection(record: SAMLSSORecord): ConnectionSummary {
  const m = record.idpMetadata;
  const validTo = m.validTo ? new Date(m.validTo) : null;
  return {
    clientID: record.clientID,
    idpEntityId: m.entityID,
    ssoUrl: m.sso.redirectUrl ?? m.sso.postUrl ?? null,
    provider: m.friendlyProviderName || m.provider || "Unknown",
    certificateExpires: validTo && !Number.isNaN(validTo.getTime()) ? validTo : null,
    metadataUrl: record.description?.startsWith("metadata-url:") ? record.description.slice("metadata-url:".length) : null,
  };
}

async function samlConnections(jackson: Jackson, teamId: string): Promise<SAMLSSORecord[]> {
  const all = await callJackson("read the SAML connection", () =>
    jackson.connectionAPIController.getConnections({ tenant: teamId, product: SAML_PRODUCT }),
  );
  return all.filter((c): c is SAMLSSORecord => "idpMetadata" in c && !!c.idpMetadata);
}

export async function getTeamConnection(jackson: Jackson, teamId: string): Promise<ConnectionSummary | null> {
  const [first] = await samlConnections(jackson, teamId);
  return first ? summarizeConnection(first) : null;
}

/** Cheap structural check, so an admin gets "this is not IdP metadata" rather than a parser trace. */
export function checkMetadataXml(xml: string): string {
  const text = xml.trim();
  if (!text) throw refuse("Paste the identity provider's metadata XML, or give its metadata URL.");
  if (text.length > MAX_METADATA_LENGTH) throw refuse("The metadata is larger than 1 MB; that is not IdP metadata.");
  if (/<!DOCTYPE/i.test(text)) throw refuse("The metadata must not contain a DOCTYPE.");
  let root;
  try {
    root = parseXmlRoot(text);
  } catch (e) {
    throw refuse("That is not well-formed XML. Paste the whole metadata document from your identity provider.", String(e));
  }
  if (root.localName !== "EntityDescriptor") {
    throw refuse("That XML is not SAML metadata (it should start with an <EntityDescriptor> element).");
  }
  if (root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "IDPSSODescriptor").length === 0) {
    throw refuse("That metadata describes no identity provider (no <IDPSSODescriptor>). Is it your service provider's metadata?");
  }
  return text;
}

export async function saveTeamConnection(
  deps: { jackson: Jackson; db: Db; appUrl: string; allowLoopbackFetch: boolean },
  team: { id: string; name: string },
  source: MetadataSource,
  actor: Actor,
): Promise<ConnectionSummary> {
  let xml: string;
  if (source.kind === "url") {
    try {
      xml = await fetchMetadataXml(source.url, { allowLoopback: deps.allowLoopbackFetch });
    } catch (e) {
      if (e instanceof MetadataFetchError) throw refuse(e.message);
      throw e;
    }
  } else {
    xml = source.xml;
  }
  const rawMetadata = checkMetadataXml(xml);
  const urls = spUrls(deps.appUrl);
  const before = await samlConnections(deps.jackson, team.id);

  let record: SAMLSSORecord;
  try {
    record = await deps.jackson.connectionAPIController.createSAMLConnection({
      tenant: team.id,
      product: SAML_PRODUCT,
      name: team.name,
      description: source.kind === "url" ? `metadata-url:${source.url.trim()}` : "",
      rawMetadata,
      defaultRedirectUrl: urls.idpLandingUrl,
      redirectUrl: [urls.oauthCallbackUrl],
    });
  } catch (e) {
    const err = e as { name?: string; message?: string; statusCode?: number };
    if (err?.name === "JacksonError" && (err.statusCode ?? 500) < 500) {
      if (err.message === "EntityID already exists for different tenant") {
        throw refuse("This identity provider (its entity ID) is already connected to another team. Each team needs its own IdP application.");
      }
      throw refuse(`The metadata was refused: ${err.message}`);
    }
    // The metadata parser throws plain errors on input it cannot read.
    if (err?.name !== "JacksonError") throw refuse("The metadata could not be read. Paste the complete XML your identity provider offers for download.", err?.message);
    const failure = toSsoError(e, "save the SAML connection");
    console.error(`[saml] save connection failed: ${failure.detail}`);
    throw failure;
  }

  // Drop the previous connection when the IdP changed (a new entity ID makes a new record).
  for (const old of before.filter((c) => c.clientID !== record.clientID)) {
    await callJackson("replace the SAML connection", () =>
      deps.jackson.connectionAPIController.deleteConnections({ clientID: old.clientID, clientSecret: old.clientSecret }),
    );
  }
  const summary = summarizeConnection(record);
  await recordAudit(deps.db, {
    teamId: team.id,
    actor,
    action: "saml.connection_changed",
    target: { type: "saml_connection", id: record.clientID, label: summary.idpEntityId },
    details: { change: before.length ? "connection_updated" : "connection_created", idpEntityId: summary.idpEntityId, source: source.kind },
  });
  return summary;
}

export async function deleteTeamConnection(deps: { jackson: Jackson; db: Db }, teamId: string, actor: Actor): Promise<void> {
  const team = await deps.db.team.findUniqueOrThrow({ where: { id: teamId }, select: { ssoRequired: true } });
  if (team.ssoRequired) throw refuse("Turn off “Require SSO” first: without a connection nobody from your domains could sign in.");
  const before = await samlConnections(deps.jackson, teamId);
  if (before.length === 0) return;
  await callJackson("delete the SAML connection", () =>
    deps.jackson.connectionAPIController.deleteConnections({ tenant: teamId, product: SAML_PRODUCT }),
  );
  await recordAudit(deps.db, {
    teamId,
    actor,
    action: "saml.connection_changed",
    target: { type: "saml_connection", id: before[0].clientID, label: before[0].idpMetadata.entityID },
    details: { change: "connection_deleted" },
  });
}
