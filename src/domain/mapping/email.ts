/**
 * Address format. The file holds user principal names or email addresses: an RFC 5322 dot-atom local part
 * (apostrophes allowed, as in o'brien@contoso.com) and a DNS domain with at least one dot. Deliberately
 * no stricter: the service's own check is undocumented, and a false error sends an admin chasing nothing.
 */

const LOCAL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TLD = '(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})';
const ADDRESS = new RegExp(`^(${LOCAL})@((?:${LABEL}\\.)+${TLD})$`);

/** True when the value is a well-formed address. */
export function isAddress(value: string): boolean {
  if (value.length > 254) return false;
  const m = ADDRESS.exec(value);
  return m !== null && m[1].length <= 64;
}

/** The lower-cased domain of a well-formed address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export interface AddressFault {
  /** What is wrong, completing "… is not a valid address: ". */
  what: string;
  /** What to do, naming a corrected value when there is an obvious one. */
  fix: string;
}

const DISPLAY_NAME = /^(.*?)<\s*([^<>\s]+@[^<>\s]+)\s*>$/;
const GENERIC_FIX = 'Write the address as name@domain, for example adele.vance@contoso.com, with nothing else in the cell.';

/** Why a value is not an address, in words an admin can act on. Null when it is one. */
export function addressFault(value: string): AddressFault | null {
  if (isAddress(value)) return null;
  if (value === '') return { what: 'the cell is empty', fix: 'Fill in the address, or delete the line if the user is not to be mapped.' };
  const named = DISPLAY_NAME.exec(value);
  if (named) {
    return {
      what: 'it holds a display name as well as the address',
      fix: `Keep only the address: ${named[2]}.`,
    };
  }
  if (/^mailto:/i.test(value)) {
    return { what: 'it starts with "mailto:"', fix: `Keep only the address: ${value.slice(7)}.` };
  }
  if (/\s/.test(value)) {
    const parts = value.split(/\s+/).filter((p) => p.includes('@'));
    return {
      what: 'it contains a space',
      fix: parts.length === 1 ? `Keep only the address: ${parts[0]}.` : 'Remove the spaces inside the address.',
    };
  }
  if (value.includes('"')) return { what: 'it contains a quotation mark', fix: 'Remove the quotation marks.' };
  const ats = value.split('@').length - 1;
  if (ats === 0) return { what: 'it has no @', fix: `${GENERIC_FIX} A display name or an alias on its own is not enough.` };
  if (ats > 1) return { what: 'it has more than one @', fix: 'Put exactly one address in each cell.' };
  if (/[^\x00-\x7f]/.test(value)) {
    return {
      what: 'it contains characters outside plain ASCII (accents, typographic quotes or invisible characters)',
      fix: 'Retype the address using plain letters, digits and . - _ only. User names in Microsoft Entra ID are ASCII.',
    };
  }
  const [local, domain] = value.split('@');
  if (local === '') return { what: 'nothing comes before the @', fix: GENERIC_FIX };
  if (local.length > 64) return { what: 'the part before the @ is longer than 64 characters', fix: GENERIC_FIX };
  if (domain === '') return { what: 'nothing comes after the @', fix: GENERIC_FIX };
  if (!domain.includes('.')) {
    return { what: `the domain "${domain}" has no dot`, fix: `Use the full domain, for example ${domain}.com or ${domain}.onmicrosoft.com.` };
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { what: 'the part before the @ starts or ends with a dot, or has two dots in a row', fix: GENERIC_FIX };
  }
  return { what: 'it is not in the form name@domain', fix: GENERIC_FIX };
}

/** Domains as a person types them ("@Contoso.com", "*.contoso.com.") made plain, lower case, once each. */
export function cleanDomains(domains: readonly string[] | undefined): string[] {
  if (!domains) return [];
  const out = new Set<string>();
  for (const d of domains) {
    const clean = d.trim().toLowerCase().replace(/^[@*.]+/, '').replace(/\.$/, '');
    if (clean !== '') out.add(clean);
  }
  return [...out];
}

/** A tenant owns its verified domains and their subdomains. */
export function inDomains(domain: string, domains: readonly string[]): boolean {
  for (const d of domains) if (domain === d || domain.endsWith(`.${d}`)) return true;
  return false;
}
