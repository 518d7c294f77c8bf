// Whether this server lets owners mark a domain verified without DNS: policy.ts's rule applied to
// this server's settings, in one place for the SSO page, its actions and the setup link's.
import { appUrl, env } from "../env";
import { manualVerificationAllowed } from "./policy";

export const manualVerificationOnThisServer = (origin: string = appUrl()) =>
  manualVerificationAllowed({ enabled: env().SSO_MANUAL_DOMAIN_VERIFICATION, appUrl: origin, teamCreation: env().GATEHOUSE_TEAM_CREATION });
