/**
 * Credential ids: `issuer:credential`, lower-cased, through the config's `credentials` map, whose keys (display
 * names, `issuer:credential` pairs, Open Badges badge-class ids or URLs) are compared without case.
 */
export type CredentialAliases = ReadonlyMap<string, string>;

const key = (s: string): string => s.trim().toLowerCase();

export const credentialAliases = (map: Readonly<Record<string, string>> = {}): CredentialAliases =>
  new Map(Object.entries(map).map(([k, v]) => [key(k), key(v)]));

/** The id of a certification named by issuer and credential (the generic CSV). */
export const credentialIdFor = (issuer: string, credential: string, aliases: CredentialAliases): string => {
  const full = key(`${issuer}:${credential}`);
  return aliases.get(full) ?? aliases.get(key(credential)) ?? full;
};

/**
 * Issuer and credential for a badge: the first of its names (badge-class id, achievement id, name,
 * `issuer:name`) the map knows gives the id, split back into issuer and credential so the policy reads the
 * same id; an unmapped badge keeps its issuer and name (it counts for no level until it is mapped).
 */
export const badgeCredential = (
  names: { classIds: readonly string[]; name: string; issuer: string },
  aliases: CredentialAliases,
): { issuer: string; credential: string; credentialId: string; mapped: boolean } => {
  const candidates = [...names.classIds, names.name, `${names.issuer}:${names.name}`].filter((c) => c.trim() !== '');
  for (const c of candidates) {
    const id = aliases.get(key(c));
    if (id === undefined) continue;
    const colon = id.indexOf(':');
    return colon > 0
      ? { issuer: id.slice(0, colon), credential: id.slice(colon + 1), credentialId: id, mapped: true }
      : { issuer: names.issuer, credential: id, credentialId: key(`${names.issuer}:${id}`), mapped: true };
  }
  return {
    issuer: names.issuer,
    credential: names.name,
    credentialId: credentialIdFor(names.issuer, names.name, aliases),
    mapped: false,
  };
};
