/** Small wording helpers shared by the checklist and status domains. */

export { listText, plural } from '../text.js';

/**
 * Lower-case ASCII slug for ids. Environment names are free text (spaces, accents, brackets), but card
 * actions and storage keys read better and survive copy-paste as plain slugs.
 */
export function slugify(value: string, maxLength = 40): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug;
}

/** Case, spaces, hyphens and underscores do not matter when people type an id. */
export function normaliseWord(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');
}
