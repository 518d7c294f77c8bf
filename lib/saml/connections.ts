// A team's SSO connections: SAML (IdP metadata) and OIDC (discovery URL + client id/secret), kept
// in jackson (tenant = team id, product = "gatehouse"), each with a row of ours (SsoConnection)
// saying which domains route to it and whether a test sign-in through it succeeded. A team may
// have several (two IdPs during a migration, one per subsidiary).
import type { OIDCSSORecord, SAMLSSORecord } from "@boxyhq/saml-jackson";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { Prisma } from "../db/generated/client";
import { DB_NOW_UTC } from "../sessions/types";
import { lockTeamRow } from "../audit/standing";
import { endConnectionSessions } from "../sessions/end-session";
import type { Db, Tx } from "../members/types";
import { defaultConnection } from "./connection-routing";
import { savesForOwners, withdrawApprovalWhereTrustWidens } from "./owner-approval";
import { SAML_PRODUCT, spUrls } from "./constants";
import { callJackson, SsoError, toSsoError } from "./errors";
import { fetchMetadataXml, MetadataFetchError } from "./metadata-fetch";
import { checkFencedUrl, FenceError, type LoopbackPolicy } from "./outbound-fence";
import { type IdpChange, oidcChanges, samlChanges, samlIdentityFromMetadata, samlIdentityOfRecord } from "./idp-identity";
import type { Jackson } from "./open-jackson";
import { parseXmlRoot } from "./xml";

export const MAX_METADATA_LENGTH = 1_000_000;

export type ConnectionKind = "saml" | "oidc";

export type SamlDetails = {
  idpEntityId: string;
  ssoUrl: string | null;
  provider: string;
  certificateExpires: Date | null;
  metadataUrl: string | null;
};
export type OidcDetails = { discoveryUrl: string; clientId: string; provider: string };

/** One connection as the SSO page and the routing see it. */
export type ConnectionSummary = {
  /** Our row's id: what domains name and forms post. */
  id: string;
  /** jackson's clientID: what sign-in flows name (idp_hint). */
  clientID: string;
  kind: ConnectionKind;
  label: string;
  createdAt: Date;
  testedAt: Date | null;
  testedByLabel: string | null;
  testedEmail: string | null;
  /** An owner set up its IdP as it is: it signs in the team's owners too (sso-login.ts). */
  ownerConfigured: boolean;
  isDefault: boolean;
  saml: SamlDetails | null;
  oidc: OidcDetails | null;
};

/** A saved connection, and what about its IdP the save changed (nothing for a new one). */
export type SavedConnection = ConnectionSummary & { idpChanged: IdpChange[] };

export type MetadataSource = { kind: "xml"; xml: string } | { kind: "url"; url: string };
export type OidcSource = { discoveryUrl: string; clientId: string; clientSecret: string };

type JacksonRecord = SAMLSSORecord | OIDCSSORecord;
type Deps = { jackson: Jackson; db: Db };
type SaveDeps = Deps & { appUrl: string; allowLoopbackFetch: LoopbackPolicy };

const refuse = (message: string, detail?: string) => new SsoError("rejected", message, 400, detail);

const isSaml = (r: JacksonRecord): r is SAMLSSORecord => "idpMetadata" in r && !!r.idpMetadata;
const isOidc = (r: JacksonRecord): r is OIDCSSORecord => "oidcProvider" in r && !!r.oidcProvider;
/**
 * What jackson keys a record by within a team (its clientID digests tenant, product and this): a
 * SAML entity ID and an OpenID client ID share one key space, so an OpenID client ID equal to the
 * team's SAML entity ID (public) would overwrite that SAML connection in jackson.
 */
const idpKeyOf = (r: JacksonRecord) => (isSaml(r) ? r.idpMetadata.entityID : isOidc(r) ? r.oidcProvider.clientId : undefined);
const kindOf = (r: JacksonRecord) => (isSaml(r) ? "saml" : "oidc");

export function samlDetails(record: SAMLSSORecord): SamlDetails {
  const m = record.idpMetadata;
  const validTo = m.validTo ? new Date(m.validTo) : null;
  return {
    idpEntityId: m.entityID,
    ssoUrl: m.sso.redirectUrl ?? m.sso.postUrl ?? null,
    provider: m.friendlyProviderName || m.provider || "Unknown",
    certificateExpires: validTo && !Number.isNaN(validTo.getTime()) ? validTo : null,
    metadataUrl: record.description?.startsWith("metadata-url:") ? record.description.slice("metadata-url:".length) : null,
  };
}

function oidcDetails(record: OIDCSSORecord): OidcDetails {
  const p = record.oidcProvider;
  // As the redirect key reads it (jackson-config.ts): a URI shown from anything else would be refused.
  return { discoveryUrl: p.discoveryUrl ?? "", clientId: p.clientId, provider: p.friendlyProviderName || p.provider || "Unknown" };
}

function defaultLabel(record: JacksonRecord): string {
  if (isSaml(record)) return record.idpMetadata.friendlyProviderName || record.idpMetadata.entityID;
  if (isOidc(record)) return record.oidcProvider.friendlyProviderName || record.oidcProvider.provider || "OpenID Connect";
  return "Connection";
}

async function jacksonConnections(jackson: Jackson, teamId: string): Promise<JacksonRecord[]> {
  const all = await callJackson("read the SSO connections", () => jackson.connectionAPIController.getConnections({ tenant: teamId, product: SAML_PRODUCT }));
  return (all as JacksonRecord[]).filter((c) => isSaml(c) || isOidc(c));
}

/**
 * The team's connections, oldest first. A jackson connection without a row (one saved before
 * connections had rows) is adopted here, on first sight; its domains already route to it, as the
 * team's default.
 */
export async function listTeamConnections({ jackson, db }: Deps, teamId: string): Promise<ConnectionSummary[]> {
  const records = await jacksonConnections(jackson, teamId);
  let rows = await db.ssoConnection.findMany({ where: { teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const missing = records.filter((r) => !rows.some((row) => row.clientId === r.clientID));
  if (missing.length > 0) {
    await db.ssoConnection.createMany({
      data: missing.map((r) => ({ teamId, clientId: r.clientID, kind: isSaml(r) ? "saml" : "oidc", label: defaultLabel(r) })),
      skipDuplicates: true,
    });
    rows = await db.ssoConnection.findMany({ where: { teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  }
  const live = rows.flatMap((row) => {
    const record = records.find((r) => r.clientID === row.clientId);
    return record ? [{ row, record }] : [];
  });
  const fallback = defaultConnection(live.map(({ row }) => row));
  return live.map(({ row, record }) => ({
    id: row.id,
    clientID: row.clientId,
    kind: isSaml(record) ? "saml" : "oidc",
    label: row.label,
    createdAt: row.createdAt,
    testedAt: row.testedAt,
    testedByLabel: row.testedByLabel,
    testedEmail: row.testedEmail,
    ownerConfigured: row.ownerConfigured,
    isDefault: row.id === fallback?.id,
    saml: isSaml(record) ? samlDetails(record) : null,
    oidc: isOidc(record) ? oidcDetails(record) : null,
  }));
}

/** One of the team's connections, by our id or jackson's clientID; null when not the team's. */
export async function findTeamConnection(deps: Deps, teamId: string, ref: { id?: string; clientID?: string }): Promise<ConnectionSummary | null> {
  const all = await listTeamConnections(deps, teamId);
  return all.find((c) => (ref.id && c.id === ref.id) || (ref.clientID && c.clientID === ref.clientID)) ?? null;
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

/**
 * Metadata as jackson's parser (@boxyhq/saml20 parseMetadata) reads it: it first deletes every
 * `errorURL="…"` from the text, up to the next quote wherever that is (some IdPs leave `&` in that
 * attribute unescaped). Such a cut can span markup, so the same text read without it is another
 * document (a certificate in what reads as a comment, metadata-reading.integration.test.ts). Cut
 * the same way, repeated until nothing is left to cut, jackson's own pass changes nothing.
 */
export function asJacksonReadsIt(xml: string): string {
  for (let text = xml; ; ) {
    const cut = text.replace(/errorURL=".*?"/g, "");
    if (cut === text) return text;
    text = cut;
  }
}

const oidcIdentityOfRecord = (r: OIDCSSORecord) => ({
  discoveryUrl: r.oidcProvider.discoveryUrl ?? "",
  clientId: r.oidcProvider.clientId,
  clientSecret: r.oidcProvider.clientSecret,
});

/** Where jackson may send codes for a connection: next-auth's callback (the test sign-in's too). */
export function connectionRedirectUrls(appUrl: string) {
  const urls = spUrls(appUrl);
  return { defaultRedirectUrl: urls.idpLandingUrl, redirectUrl: [urls.oauthCallbackUrl] };
}

function jacksonRefusal(e: unknown, what: string): never {
  const err = e as { name?: string; message?: string; statusCode?: number };
  if (err?.name === "JacksonError" && (err.statusCode ?? 500) < 500) {
    throw refuse(`The connection was refused: ${err.message}`);
  }
  // The metadata parser throws plain errors on input it cannot read.
  if (err?.name !== "JacksonError") throw refuse("The metadata could not be read. Paste the complete XML your identity provider offers for download.", err?.message);
  const failure = toSsoError(e, what);
  console.error(`[saml] ${what} failed: ${failure.detail}`);
  throw failure;
}

/** A connection being saved: which existing jackson record it is (jackson overwrites that one), and how to store it. */
type SavePlan = {
  kind: ConnectionKind;
  editing: string | null;
  label: string;
  actor: Actor;
  details: Record<string, string>;
  /** The jackson record this save will overwrite (same tenant and key, idpKeyOf), if there is one. */
  isSameIdp: (r: JacksonRecord) => boolean;
  /** What about the IdP differs from `before`: a test sign-in through it proves nothing afterwards. */
  idpChanges: (before: JacksonRecord) => IdpChange[];
  /** The same, between two records as jackson stored them: what responses are verified with. */
  storedChanges: (before: JacksonRecord, after: JacksonRecord) => IdpChange[];
  store: () => Promise<JacksonRecord>;
};

const untested = { testedAt: null, testedByLabel: null, testedEmail: null };

/**
 * Changes of who can vouch through a connection: what signs its answers (certificate, entity ID,
 * the metadata URL it is refreshed from) or which provider and client it is. Its sign-in URL or
 * our client secret (rotated on our side) do not change who vouched for its sessions.
 */
const WHO_VOUCHES = new Set<IdpChange>(["entity_id", "certificate", "metadata_url", "discovery_url", "client_id"]);

/**
 * The connection vouches for nobody it vouched for before: its sessions end, and login codes its
 * IdP answered before now (they live ten minutes) open none (the team's ssoChangedAt, which the
 * session's insert checks: lib/sessions/start-session.ts). Per team: a stranger's team naming the
 * same IdP changes nothing of this one's.
 */
/** From now on, no login code issued before this moment opens a session in the team (start-session.ts). */
export async function stampSsoChange(tx: Pick<Tx, "$executeRaw">, teamId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Team" SET "ssoChangedAt" = ${Prisma.raw(DB_NOW_UTC)} WHERE id = ${teamId}`;
}

async function withdrawVouching(tx: Tx, teamId: string, clientId: string) {
  await stampSsoChange(tx, teamId);
  await endConnectionSessions(tx, clientId);
}

/**
 * Saves a connection. jackson upserts by tenant + IdP, so everything that can refuse the save is
 * checked before it is called (the edited connection is this team's; the IdP is not already
 * another connection), with the team locked so no other save slips in between; the row and its
 * audit event are written in the same transaction, and a jackson record this save made is removed
 * again when anything after it fails. Editing a connection whose IdP changed makes a new jackson
 * record and drops the old one; the row, and its domains, stay.
 */
async function saveConnection(deps: Deps, team: { id: string }, plan: SavePlan): Promise<SavedConnection> {
  let created: string | null = null;
  let rowId: string;
  let idpChanged: IdpChange[] = [];
  await withdrawBeforeEditing(deps, team, plan);
  try {
    rowId = await deps.db.$transaction(
      async (tx) => {
        // The actor's standing held before jackson is written (its store is not this transaction's):
        // a refusal at the audit, after it, left an IdP changed that nothing recorded or withdrew
        // (found by review).
        if (!(await lockTeamRow(tx, team.id, plan.actor))) throw refuse("This team no longer exists.");
        const records = await jacksonConnections(deps.jackson, team.id);
        const rows = await tx.ssoConnection.findMany({ where: { teamId: team.id } });
        const editing = plan.editing ? rows.find((r) => r.id === plan.editing) : undefined;
        if (plan.editing && !editing) throw refuse("That connection no longer exists. Reload the page.");
        const same = records.find(plan.isSameIdp);
        if (same && kindOf(same) !== plan.kind) {
          const owner = rows.find((r) => r.clientId === same.clientID);
          const mine = plan.kind === "oidc" ? "client ID" : "entity ID";
          const theirs = plan.kind === "oidc" ? "entity ID" : "client ID";
          throw refuse(`That ${mine} is the ${theirs} of the connection “${owner?.label ?? defaultLabel(same)}”; one team cannot use it twice.`);
        }
        if (same && same.clientID !== editing?.clientId) {
          // A record without a row yet (saved before rows existed) counts as a connection too.
          const owner = rows.find((r) => r.clientId === same.clientID);
          throw refuse(`This identity provider is already connected as “${owner?.label ?? defaultLabel(same)}”. Edit that connection instead.`);
        }
        const previous = editing && records.find((r) => r.clientID === editing.clientId);
        const store = async () => {
          let record: JacksonRecord;
          try {
            record = await plan.store();
          } catch (e) {
            jacksonRefusal(e, `save the ${plan.kind.toUpperCase()} connection`);
          }
          if (!records.some((r) => r.clientID === record.clientID)) created = record.clientID;
          // Our reading of the IdP disagreed with jackson's: never let it stand on a record it was not meant for.
          if (record.clientID !== (same?.clientID ?? created)) {
            console.error(`[saml] jackson stored connection ${record.clientID}, expected ${same?.clientID ?? "a new one"}`);
            throw new SsoError("unavailable", "The connection could not be saved. Try again.", 503, "jackson stored another record than checked");
          }
          return record;
        };
        const label = plan.label.trim().slice(0, 100);
        const audit = (id: string, labelled: string, changes: IdpChange[] | null) =>
          recordAudit(tx, {
            teamId: team.id,
            actor: plan.actor,
            action: "saml.connection_changed",
            target: { type: "sso_connection", id, label: labelled },
            details: { change: changes ? "connection_updated" : "connection_created", kind: plan.kind, ...plan.details, ...(changes && { idpChanged: changes }) },
          });
        if (editing && same) {
          // The same IdP, re-saved: our row first, so a refusal by jackson leaves both as they were.
          const read = plan.idpChanges(same);
          const labelled = label || defaultLabel(same);
          // An owner saving it as it is approves it for owners; anyone else's change of the IdP withdraws that.
          const approved = (changes: IdpChange[]) => savesForOwners(plan.actor) || (changes.length === 0 && editing.ownerConfigured);
          await tx.ssoConnection.update({ where: { id: editing.id }, data: { label: labelled, ownerConfigured: approved(read), ...(read.length > 0 && untested) } });
          // Then what jackson stored, which is what responses are verified with: a change our reading
          // of the metadata missed (metadata-reading.integration.test.ts) withdraws it all the same.
          const stored = plan.storedChanges(same, await store());
          const changes = [...new Set([...read, ...stored])];
          if (changes.length > read.length) {
            await tx.ssoConnection.update({ where: { id: editing.id }, data: { ownerConfigured: approved(changes), ...untested } });
          }
          // Another IdP now: what the one before vouched for no longer holds.
          if (changes.some((c) => WHO_VOUCHES.has(c))) await withdrawVouching(tx, team.id, same.clientID);
          await audit(editing.id, labelled, changes);
          idpChanged = changes;
          return editing.id;
        }
        const record = await store();
        const labelled = label || defaultLabel(record);
        // What Gatehouse kept for this clientID is a deleted connection's (jackson derives a SAML
        // clientID from the team and the IdP, so adding the same IdP again gives the same one): its
        // attribute mapping, chosen by whoever set that one up, must not come with the new one.
        await tx.ssoConnectionSettings.deleteMany({ where: { clientId: record.clientID } });
        if (!editing) {
          const row = await tx.ssoConnection.create({
            data: { teamId: team.id, clientId: record.clientID, kind: plan.kind, label: labelled, ownerConfigured: savesForOwners(plan.actor) },
          });
          await audit(row.id, labelled, null);
          return row.id;
        }
        // Another IdP for this connection: it has not been tested yet.
        const changes: IdpChange[] = previous ? plan.idpChanges(previous) : [plan.kind === "saml" ? "entity_id" : "client_id"];
        await tx.ssoConnection.update({
          where: { id: editing.id },
          data: { clientId: record.clientID, kind: plan.kind, label: labelled, ownerConfigured: savesForOwners(plan.actor), ...untested },
        });
        await audit(editing.id, labelled, changes);
        await tx.ssoConnectionSettings.deleteMany({ where: { clientId: editing.clientId } });
        // Stamped once the old record is gone, so no code it checks is issued after the stamp.
        await callJackson("replace the SSO connection", () => deleteByClientId(deps.jackson, editing.clientId));
        await withdrawVouching(tx, team.id, editing.clientId);
        idpChanged = changes;
        return editing.id;
      },
      { timeout: 30_000 },
    );
  } catch (e) {
    const made = created as string | null;
    if (made) {
      await deleteByClientId(deps.jackson, made).catch((undo) => console.error(`[saml] could not remove connection ${made} after a failed save: ${String(undo)}`));
    }
    throw e;
  }
  const saved = await findTeamConnection(deps, team.id, { id: rowId });
  if (!saved) throw refuse("The connection could not be read back. Reload the page.");
  return { ...saved, idpChanged };
}

/**
 * An edit that changes who vouches for the connection's IdP (its record in jackson kept, as for a
 * new certificate) first commits what the change withdraws: its sessions, logins in flight, the
 * owners' approval and the last test. jackson's store is not this database: a save whose
 * transaction failed after jackson took the new certificate left it trusted with nothing
 * withdrawn, and a retry, comparing with jackson's record, found nothing changed (found by
 * review). Fails closed, audited: the save itself then withdraws it again, with its own event.
 */
async function withdrawBeforeEditing(deps: Deps, team: { id: string }, plan: SavePlan): Promise<void> {
  const editingId = plan.editing;
  if (!editingId) return;
  await deps.db.$transaction(
    async (tx) => {
      if (!(await lockTeamRow(tx, team.id, plan.actor))) return;
      const editing = await tx.ssoConnection.findFirst({ where: { id: editingId, teamId: team.id } });
      if (!editing) return;
      const same = (await jacksonConnections(deps.jackson, team.id)).find(plan.isSameIdp);
      if (!same || same.clientID !== editing.clientId || kindOf(same) !== plan.kind) return;
      const changes = plan.idpChanges(same);
      if (!changes.some((c) => WHO_VOUCHES.has(c))) return;
      await tx.ssoConnection.update({ where: { id: editing.id }, data: { ownerConfigured: false, ...untested } });
      await withdrawVouching(tx, team.id, same.clientID);
      // Its own event: jackson may still refuse the new metadata, and what was withdrawn stays
      // withdrawn (as for any change of who vouches, which the same people may make).
      await recordAudit(tx, {
        teamId: team.id,
        actor: plan.actor,
        action: "saml.connection_changed",
        target: { type: "sso_connection", id: editing.id, label: editing.label },
        details: { change: "identity_change_started", kind: plan.kind, idpChanged: changes },
      });
    },
    { timeout: 30_000 },
  );
}

async function deleteByClientId(jackson: Jackson, clientID: string): Promise<void> {
  const [record] = (await jackson.connectionAPIController.getConnections({ clientID })) as JacksonRecord[];
  if (record) await jackson.connectionAPIController.deleteConnections({ clientID, clientSecret: record.clientSecret });
}

export async function saveSamlConnection(
  deps: SaveDeps,
  team: { id: string; name: string },
  source: MetadataSource,
  actor: Actor,
  options: { connectionId?: string | null; label?: string } = {},
): Promise<SavedConnection> {
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
  // The text jackson parses, so that what we check and read below is what it stores.
  const rawMetadata = checkMetadataXml(asJacksonReadsIt(xml));
  const identity = samlIdentityFromMetadata(rawMetadata);
  // Where the metadata is refreshed from daily (metadata-refresh.ts): whoever points it elsewhere
  // chooses the certificates to come, so it is part of who the IdP is.
  const description = source.kind === "url" ? `metadata-url:${source.url.trim()}` : "";
  return saveConnection(deps, team, {
    kind: "saml",
    editing: options.connectionId ?? null,
    label: options.label ?? "",
    actor,
    details: { idpEntityId: identity.entityId, source: source.kind },
    isSameIdp: (r) => idpKeyOf(r) === identity.entityId,
    idpChanges: (before) =>
      isSaml(before)
        ? [...samlChanges(samlIdentityOfRecord(before.idpMetadata), identity), ...((before.description ?? "") !== description ? (["metadata_url"] as const) : [])]
        : ["entity_id"],
    storedChanges: (before, after) =>
      isSaml(before) && isSaml(after) ? samlChanges(samlIdentityOfRecord(before.idpMetadata), samlIdentityOfRecord(after.idpMetadata)) : ["entity_id"],
    store: () =>
      deps.jackson.connectionAPIController.createSAMLConnection({
        tenant: team.id,
        product: SAML_PRODUCT,
        name: team.name,
        description,
        rawMetadata,
        ...connectionRedirectUrls(deps.appUrl),
      }),
  });
}

/** The endpoints of a discovery document this server calls itself, at every sign-in (the others the browser visits). */
const SERVER_ENDPOINTS = ["token_endpoint", "jwks_uri", "userinfo_endpoint"] as const;

/**
 * The discovery document's required fields (OpenID Connect Discovery 1.0 §3), and the endpoints
 * the server will call (token, JWKS, userinfo): https on a public host, like the discovery URL.
 * Said here so the form can tell; the fence refuses them again at every request
 * (jackson-oidc-fence.ts), since the document, and where its names resolve, may change later.
 */
async function checkDiscovery(body: string, allowLoopback: LoopbackPolicy): Promise<{ issuer: string }> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw refuse("The discovery URL did not answer with JSON. It usually ends in /.well-known/openid-configuration.");
  }
  if (typeof doc !== "object" || doc === null) throw refuse("The discovery URL did not answer with a JSON object. It usually ends in /.well-known/openid-configuration.");
  for (const key of ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"]) {
    if (typeof doc[key] !== "string" || !doc[key]) throw refuse(`The discovery document has no ${key}; is this an OpenID Connect provider's discovery URL?`);
  }
  for (const key of SERVER_ENDPOINTS) {
    const url = doc[key];
    if (url === undefined) continue;
    if (typeof url !== "string") throw refuse(`The discovery document's ${key} is not a URL.`);
    try {
      await checkFencedUrl(url, { allowLoopback });
    } catch (e) {
      if (!(e instanceof FenceError)) throw e;
      const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
      if (e.reason === "blocked_address") {
        throw refuse(`The discovery document's ${key} (${shown}) points to a private or local address, which this server does not call. Gatehouse calls it at every sign-in, so it must be a public https:// address.`);
      }
      if (e.reason === "credentials") throw refuse(`The discovery document's ${key} must not contain a user name or password.`);
      throw refuse(`The discovery document's ${key} (${shown}) must start with https://: Gatehouse's server calls it at every sign-in.`);
    }
  }
  return { issuer: doc.issuer as string };
}

export async function saveOidcConnection(
  deps: SaveDeps,
  team: { id: string; name: string },
  source: OidcSource,
  actor: Actor,
  options: { connectionId?: string | null; label?: string } = {},
): Promise<SavedConnection> {
  const discoveryUrl = source.discoveryUrl.trim();
  const clientId = source.clientId.trim();
  const clientSecret = source.clientSecret.trim();
  if (!discoveryUrl) throw refuse("Enter the provider's discovery URL (…/.well-known/openid-configuration).");
  if (!clientId) throw refuse("Enter the client ID your provider gave the Gatehouse application.");
  if (!clientSecret) throw refuse("Enter the client secret your provider gave the Gatehouse application.");
  // Fetched by us first, through the same fence as metadata URLs (https, no private addresses),
  // so the form can say what is wrong; jackson's own requests at sign-in go through it too
  // (jackson-oidc-fence.ts).
  let body: string;
  try {
    body = await fetchMetadataXml(discoveryUrl, { allowLoopback: deps.allowLoopbackFetch, accept: "application/json" });
  } catch (e) {
    if (e instanceof MetadataFetchError) throw refuse(e.message.replace(/metadata URL/g, "discovery URL").replace(/The metadata/g, "The discovery document"));
    throw e;
  }
  const { issuer } = await checkDiscovery(body, deps.allowLoopbackFetch);
  const identity = { discoveryUrl, clientId, clientSecret };
  return saveConnection(deps, team, {
    kind: "oidc",
    editing: options.connectionId ?? null,
    label: options.label ?? "",
    actor,
    details: { issuer, source: "oidc" },
    isSameIdp: (r) => idpKeyOf(r) === clientId,
    idpChanges: (before) =>
      isOidc(before)
        ? oidcChanges({ discoveryUrl: before.oidcProvider.discoveryUrl ?? "", clientId: before.oidcProvider.clientId, clientSecret: before.oidcProvider.clientSecret }, identity)
        : ["client_id"],
    storedChanges: (before, after) => (isOidc(before) && isOidc(after) ? oidcChanges(oidcIdentityOfRecord(before), oidcIdentityOfRecord(after)) : ["client_id"]),
    store: () =>
      deps.jackson.connectionAPIController.createOIDCConnection({
        tenant: team.id,
        product: SAML_PRODUCT,
        name: team.name,
        description: "",
        oidcDiscoveryUrl: discoveryUrl,
        oidcClientId: clientId,
        oidcClientSecret: clientSecret,
        ...connectionRedirectUrls(deps.appUrl),
      }),
  });
}

export async function deleteTeamConnection(deps: Deps, teamId: string, connectionId: string, actor: Actor): Promise<void> {
  const all = await listTeamConnections(deps, teamId);
  const target = all.find((c) => c.id === connectionId);
  if (!target) return;
  await deps.db.$transaction(async (tx) => {
    // The person still holds their role, checked before jackson's record goes (its store is not
    // this transaction's; lib/audit/standing.ts), and held until this commits.
    await lockTeamRow(tx, teamId, actor);
    // Checked under the lock: two deletions of a team's last two connections each saw the
    // other still there, and left it requiring SSO with none (found by review).
    const locked = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { ssoRequired: true, _count: { select: { ssoConnections: true } } } });
    if (locked.ssoRequired && locked._count.ssoConnections <= 1) throw refuse("Turn off “Require SSO” first: without a connection nobody from your domains could sign in.");
    await callJackson("delete the SSO connection", () => deleteByClientId(deps.jackson, target.clientID));
    // Its domains fall back to the default connection (TeamDomain.connectionId is set null), which
    // widens what that one vouches for (owner-approval.ts). Its settings go with it: a connection
    // added later for the same IdP gets the same clientID, and must not inherit its mapping.
    const { withdrawn } = await withdrawApprovalWhereTrustWidens(tx, teamId, actor, async () => {
      await tx.ssoConnection.deleteMany({ where: { id: target.id, teamId } });
      await tx.ssoConnectionSettings.deleteMany({ where: { clientId: target.clientID, teamId } });
    });
    // Whoever its IdP signed in is signed out: the connection no longer vouches for them.
    await withdrawVouching(tx, teamId, target.clientID);
    await recordAudit(tx, {
      teamId,
      actor,
      action: "saml.connection_changed",
      target: { type: "sso_connection", id: target.id, label: target.label },
      details: { change: "connection_deleted", kind: target.kind, ...(withdrawn.length > 0 && { ownerApprovalWithdrawn: withdrawn }) },
    });
  });
}

/** Records that a test sign-in through the connection succeeded (the Require SSO guard reads it). */
export async function recordConnectionTested(db: Db, teamId: string, connectionId: string, input: { email: string; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.ssoConnection.updateMany({
      where: { id: connectionId, teamId },
      data: { testedAt: new Date(), testedByLabel: input.actor.label, testedEmail: input.email },
    });
    if (count === 0) throw refuse("That connection no longer exists. Reload the page.");
    await recordAudit(tx, {
      teamId,
      actor: input.actor,
      action: "saml.connection_changed",
      target: { type: "sso_connection", id: connectionId },
      details: { change: "connection_tested", email: input.email },
    });
  });
}
