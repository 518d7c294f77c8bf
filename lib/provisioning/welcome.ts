// The welcome email for someone the team's IdP just created (customer guides: "Created users will
// receive a welcome email. When clicked, they will be redirected to sign in with SAML"). Only with
// SMTP_URL set, and only to addresses of the team's verified domains when it has an SSO
// connection; sent after the SCIM answer, so provisioning never waits for, or fails with, the mail server.
import { appUrl } from "../env";
import { mailConfigured, sendMail } from "../mail/send-mail";
import { welcomeMail } from "../mail/templates";
import { BoundedSendQueue } from "../mail/bounded-send-queue";
import type { Db, MemberWithUser } from "../members/types";

/**
 * Whether a member the IdP just created may be welcomed: active, and with an address to sign in
 * with (a directory-only person, whose email is already another member's here, has none).
 */
export const isWelcomed = (member: MemberWithUser): boolean => member.status === "ACTIVE" && member.user.emailNormalized !== null;

type Welcome = { db: Db; membershipId: string };

/** Sends the welcome email; never throws (a failure is logged, as sendMail's are). */
async function sendWelcome({ db, membershipId }: Welcome): Promise<void> {
  try {
    // Read when it is sent, not when it was queued: someone removed, deactivated or moved since is
    // not mailed (at the old address), nor anyone in a team that turned welcomes off.
    const member = await db.membership.findUnique({
      where: { id: membershipId },
      select: { teamId: true, status: true, user: { select: { email: true, emailNormalized: true } }, team: { select: { name: true, welcomeEmails: true } } },
    });
    if (!member || member.status !== "ACTIVE" || member.user.emailNormalized === null || !member.team.welcomeEmails) return;
    const to = member.user.email;
    const domain = to.slice(to.lastIndexOf("@") + 1).toLowerCase();
    // Only addresses of a domain the team proved it holds (DNS), and only with a connection to sign
    // them in: anyone may create a team and a SCIM token, so without this a team could send this
    // server's mail, its name in the subject, to any address. The mail's one way in is SSO.
    const [verified, connections] = await Promise.all([
      db.teamDomain.count({ where: { teamId: member.teamId, domain, verifiedAt: { not: null } } }),
      db.ssoConnection.count({ where: { teamId: member.teamId } }),
    ]);
    if (verified === 0 || connections === 0) return;
    await sendMail(welcomeMail({ to, teamName: member.team.name, link: `${appUrl()}/login?email=${encodeURIComponent(to)}` }));
  } catch (e) {
    console.error(`[mail] could not welcome a provisioned member: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// An IdP's first push creates thousands of people within minutes: their welcomes go out a few at a time.
const queue = new BoundedSendQueue(sendWelcome, { atOnce: 4, maxWaiting: 10_000, label: "welcome emails" });

/**
 * Welcomes the member in the background, when this server sends email and they are to be
 * welcomed. Queued in this process: a welcome still waiting when the server stops is not sent.
 */
export function welcomeInBackground(db: Db, member: MemberWithUser): void {
  if (!mailConfigured() || !isWelcomed(member)) return;
  queue.push({ db, membershipId: member.id });
}

/** Resolves once no welcome is waiting or being sent (tests, and anything that must not race them). */
export const welcomesSettled = (): Promise<void> => queue.idle();
