/**
 * Who does a step. The five roles of a tenant-to-tenant move: the two tenants' admins, the people who
 * build the apps, Microsoft support (region changes, Marketing, sovereign clouds) and the project manager
 * who runs the checklist. Ids are part of the card and storage API: never rename silently.
 */
export const OWNER_ROLES = [
  'source-admin', 'destination-admin', 'app-maker', 'microsoft-support', 'project-manager',
] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

export const OWNER_ROLE_LABELS: Readonly<Record<OwnerRole, string>> = {
  'source-admin': 'Source admin',
  'destination-admin': 'Destination admin',
  'app-maker': 'App maker',
  'microsoft-support': 'Microsoft support',
  'project-manager': 'Project manager',
};

export function ownerRoleLabel(role: OwnerRole): string {
  return OWNER_ROLE_LABELS[role];
}
