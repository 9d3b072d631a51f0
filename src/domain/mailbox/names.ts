/**
 * Names the generated commands and files use, derived only from validated values (a tenant's initial domain is a
 * DNS name, so its first label is letters, digits and hyphens), and the source admin's consent URL.
 */
import type { MailboxMoveProfile } from './types.js';

/** Used in titles and commands when the profile names no scope group yet. */
export const DEFAULT_SCOPE_GROUP = 'T2T mailbox movers';
export const BATCH_CSV_FILE = 'mailbox-batch.csv';
export const VALIDATION_CSV_FILE = 'mailbox-validation.csv';
export const BLOCKED_CSV_FILE = 'blocked-mailboxes.csv';

const label = (domain: string): string => domain.split('.')[0]!;

export function endpointName(p: MailboxMoveProfile): string {
  return `T2T-${label(p.source.initialDomain)}`;
}

export function targetRelationshipName(p: MailboxMoveProfile): string {
  return `T2T-from-${label(p.source.initialDomain)}`;
}

export function sourceRelationshipName(p: MailboxMoveProfile): string {
  return `T2T-to-${label(p.target.initialDomain)}`;
}

export function batchName(p: MailboxMoveProfile): string {
  return `T2T-${label(p.source.initialDomain)}-batch-1`;
}

export function scopeGroupName(p: MailboxMoveProfile): string {
  return p.scopeGroup?.name ?? DEFAULT_SCOPE_GROUP;
}

/** The consent URL the source admin opens; null until the app ID is known. */
export function consentUrl(p: MailboxMoveProfile): string | null {
  const appId = p.migrationApp?.appId;
  if (!appId) return null;
  return `https://login.microsoftonline.com/${encodeURIComponent(p.source.initialDomain)}/adminconsent`
    + `?client_id=${encodeURIComponent(appId)}&redirect_uri=https://office.com`;
}
