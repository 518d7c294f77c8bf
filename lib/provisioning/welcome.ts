// The welcome email for someone the team's IdP just created (customer guides: "Created users will
// receive a welcome email. When clicked, they will be redirected to sign in"). Only with SMTP_URL
// set; sent after the SCIM answer, so provisioning never waits for, or fails with, the mail server.
import { appUrl } from "../env";
import { mailConfigured, sendMail } from "../mail/send-mail";
import { welcomeMail } from "../mail/templates";
import { BoundedSendQueue } from "../mail/bounded-send-queue";
import type { Db, MemberWithUser } from "../members/types";

/**
 * Whether a member the IdP just created is welcomed: active, and with an address to sign in with
 * (a directory-only person, whose email is already another member's here, has none).
 */
export const isWelcomed = (member: MemberWithUser): boolean => member.status === "ACTIVE" && member.user.emailNormalized !== null;

type Welcome = { db: Db; teamId: string; to: string };

/** Sends the welcome email; never throws (a failure is logged, as sendMail's are). */
async function sendWelcome({ db, teamId, to }: Welcome): Promise<void> {
  try {
    const domain = to.slice(to.lastIndexOf("@") + 1).toLowerCase();
    // SSO is their way in when the team verified their domain and has a connection to send it to.
    const [team, verified, connections] = await Promise.all([
      db.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true, welcomeEmails: true } }),
      db.teamDomain.count({ where: { teamId, domain, verifiedAt: { not: null } } }),
      db.ssoConnection.count({ where: { teamId } }),
    ]);
    // Read when it is sent, not when it was queued: a team that turns welcomes off stops the ones waiting too.
    if (!team.welcomeEmails) return;
    const link = `${appUrl()}/login?email=${encodeURIComponent(to)}`;
    await sendMail(welcomeMail({ to, teamName: team.name, link, sso: verified > 0 && connections > 0 }));
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
  queue.push({ db, teamId: member.teamId, to: member.user.email });
}

/** Resolves once no welcome is waiting or being sent (tests, and anything that must not race them). */
export const welcomesSettled = (): Promise<void> => queue.idle();
