/**
 * Who a checklist is sent to: matching what someone typed ("send checklist to adele") against the people of a
 * conversation. Pure; the Teams edge looks the people up (TeamsInfo) and passes them in.
 */

/** Someone the checklist can be sent to. */
export interface Recipient {
  /** Teams user id (29:...). */
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}


/** What was typed for a person, without an <at> span, a leading @ or quotes. */
export function cleanQuery(query: string): string {
  return query.replace(/<at>([^<]*)<\/at>/gi, '$1').trim().replace(/^@/, '').replace(/^["'\u201c]+|["'\u201d]+$/g, '').trim();
}

function normaliseName(value: string): string {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * People matching what was typed: an email address or UPN exactly; otherwise the exact display name, else every
 * person whose name has a word starting with each typed word ("adele", "adele v", "vance").
 */
export function matchRecipients(people: readonly Recipient[], query: string): Recipient[] {
  const q = normaliseName(cleanQuery(query));
  if (q === '') return [];
  if (q.includes('@')) {
    return people.filter((p) => [p.email, p.userPrincipalName].some((x) => x !== undefined && normaliseName(x) === q));
  }
  const exact = people.filter((p) => normaliseName(p.name) === q);
  if (exact.length > 0) return exact;
  const words = q.split(' ');
  return people.filter((p) => {
    const nameWords = normaliseName(p.name).split(/[\s,.()-]+/).filter((w) => w !== '');
    return words.every((w) => nameWords.some((n) => n.startsWith(w)));
  });
}
