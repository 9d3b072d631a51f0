/** A ready mailbox-move profile as raw JSON, and a helper to vary it. */
export type RawProfile = Record<string, any>;

export function baseMailboxProfile(): RawProfile {
  return {
    source: { tenantId: '11111111-2222-3333-4444-555555555555', initialDomain: 'contoso.onmicrosoft.com', domains: ['contoso.com'] },
    target: { tenantId: '66666666-7777-8888-9999-000000000000', initialDomain: 'fabrikam.onmicrosoft.com', domains: ['fabrikam.com'], dehydrated: false },
    mailboxes: 850,
    migrationLicences: 850,
    holds: false,
    maxAuxArchives: 0,
    autoExpandingArchives: false,
    scopeGroup: { name: 'T2T movers', nested: false, members: 850 },
    migrationApp: { appId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', consentedInSource: true },
    targetMailUsers: 'prepared',
    previousMailboxes: false,
    licencesBeforeGuid: false,
    batchSize: 500,
    moveBack: false,
  };
}

export function mailboxProfileWith(change: (p: RawProfile) => void): RawProfile {
  const p = baseMailboxProfile();
  change(p);
  return p;
}
