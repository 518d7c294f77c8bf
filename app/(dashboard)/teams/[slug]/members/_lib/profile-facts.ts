import { primaryItem, readProfileLists, type MemberProfile } from "@/lib/members/profile";

export type ProfileFact = { label: string; value: string };

type Source = Pick<MemberProfile, "title" | "department" | "division" | "organization" | "employeeNumber" | "managerDisplayName" | "managerValue" | "costCenter"> & {
  profileLists: unknown;
};

/**
 * What the member dialog shows of the team's profile, in the order an admin scans it; only what
 * the IdP or an admin assigned. Plain strings, so the client dialog receives no Json.
 */
export function profileFacts(m: Source): ProfileFact[] {
  const lists = readProfileLists(m.profileLists);
  const phone = primaryItem(lists.phoneNumbers)?.value;
  const facts: [string, string | null | undefined | boolean][] = [
    ["Title", m.title],
    ["Department", m.department],
    ["Division", m.division],
    ["Organization", m.organization],
    ["Manager", m.managerDisplayName ?? m.managerValue],
    ["Phone", phone],
    ["Employee number", m.employeeNumber],
    ["Cost center", m.costCenter],
  ];
  return facts.filter((f): f is [string, string] => typeof f[1] === "string" && f[1] !== "").map(([label, value]) => ({ label, value }));
}
