import type { SAMLSSORecord } from "@boxyhq/saml-jackson";
import { SAML_PRODUCT } from "./constants";
import { callJackson } from "./errors";
import type { Jackson } from "./open-jackson";

/** The team's SAML connection with this clientID, or null when it is another team's or none. */
export async function teamConnection(jackson: Jackson, teamId: string, clientId: string): Promise<SAMLSSORecord | null> {
  const found = await callJackson("read the SAML connection", () => jackson.connectionAPIController.getConnections({ clientID: clientId }));
  const c = found.find((x): x is SAMLSSORecord => "idpMetadata" in x && !!x.idpMetadata);
  return c && c.tenant === teamId && c.product === SAML_PRODUCT ? c : null;
}
