import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server for the tests: the app (SMTP_URL in playwright.config.ts) delivers to it, and
// a test reads what arrived and follows the link in it, as a person would from their inbox.
export type ReceivedMail = { to: string[]; subject: string; text: string; html: string };

export const MAILBOX_PORT = Number(process.env.E2E_PORT ?? 3100) + 9;

/** Minimal MIME reading: the text/plain and text/html parts, quoted-printable or base64 decoded. */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const [head] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1].replace(/\r?\n[ \t]/g, " ") ?? "";
  const parts: Record<string, string> = {};
  for (const chunk of raw.split(/\r?\n--[^\r\n]+/)) {
    const type = /Content-Type: (text\/(?:plain|html))/i.exec(chunk)?.[1].toLowerCase();
    if (!type) continue;
    const encoding = /Content-Transfer-Encoding: ([\w-]+)/i.exec(chunk)?.[1].toLowerCase();
    const body = chunk.split(/\r?\n\r?\n/).slice(1).join("\n\n");
    parts[type] =
      encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : encoding === "quoted-printable"
          ? Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8")
          : body;
  }
  return { to, subject: decodeHeader(subject), text: parts["text/plain"] ?? "", html: parts["text/html"] ?? "" };
}

// RFC 2047 encoded words (non-ASCII subjects).
const decodeHeader = (s: string) =>
  s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );

export async function startMailbox(port = MAILBOX_PORT) {
  const inbox: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  // How many senders were connected at once, at most (a sender that opens one connection per mail
  // must not open thousands together).
  let open = 0;
  let mostOpen = 0;
  // While held, a sender's connection is accepted but not greeted: its mail stays in flight.
  let held: (() => void)[] | undefined;
  const connectWaiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(_session, callback) {
      mostOpen = Math.max(mostOpen, ++open);
      if (held) held.push(() => callback());
      else callback();
      connectWaiters.splice(0).forEach((w) => w());
    },
    onClose() {
      open--;
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push(parseMail(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address)));
        waiters.splice(0).forEach((w) => w());
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    /** The port it listens on (the one asked for, or the system's pick for 0). */
    port: (server.server.address() as AddressInfo).port,
    inbox,
    /** The most connections that were open at the same moment so far. */
    mostConnectionsAtOnce: () => mostOpen,
    /** Holds every connection opened from now on until `release()`: a test's way to keep mail in flight. */
    hold(): { untilHolding: (n: number) => Promise<void>; release: () => void } {
      const waiting: (() => void)[] = (held = []);
      return {
        /** Resolves once `n` connections are held (bounded by the test's timeout). */
        async untilHolding(n: number) {
          while (waiting.length < n) await new Promise<void>((resolve) => connectWaiters.push(resolve));
        },
        release: () => {
          held = undefined;
          waiting.splice(0).forEach((greet) => greet());
        },
      };
    },
    /** The newest message to `address`, waiting for it to arrive (bounded by the test's timeout). */
    async mailTo(address: string): Promise<ReceivedMail> {
      for (;;) {
        const found = [...inbox].reverse().find((m) => m.to.includes(address));
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const linkIn = (mail: ReceivedMail, path: string) => {
  const m = new RegExp(`https?://[^\\s"<>]+${path}[A-Za-z0-9_-]+`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in: ${mail.text}`);
  return m[0];
};
