// The path segment of an OpenID connection's redirect URI: /api/oauth/oidc/<key>.
//
// One redirect URI shared by every connection let a team whose provider is its own server steal
// another team's person's login (an OAuth "mix-up"): a genuine link to the customer's provider,
// carrying the state of a login started for the stranger's connection, brought the customer's
// code back to the shared URI, and jackson, choosing the connection by state alone, redeemed it
// at the stranger's token endpoint; replayed with the customer's own state it signed the stranger
// in as that person. A provider sends a code only to a redirect URI registered for its client, so
// a URI that names the connection tells which provider issued the code before anyone redeems it
// (RFC 9700 §4.4: distinct redirect URIs per authorization server). The callback refuses a state
// whose connection has another key (patches/@boxyhq+saml-jackson: oauth.js).
//
// The key is derived from the team and the discovery URL, not from the saved connection, so the
// form can show it before the admin registers the app at the provider (which issues the client ID
// only then). The discovery URL names whoever serves the token endpoint: two connections sharing
// a key share that endpoint, which binds each code to its own client. The add-connection form
// computes it in the browser as the admin types, so the hash is @noble/hashes rather than
// node:crypto or Web Crypto (absent from pages served over plain http on a LAN address).
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

export function oidcRedirectKey(teamId: string, discoveryUrl: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${teamId}\n${discoveryUrl.trim()}`)).subarray(0, 12));
}

/** A key as oidcRedirectKey writes it; anything else in the path is refused before any lookup. */
export const isOidcRedirectKey = (s: string) => /^[0-9a-f]{24}$/.test(s);
