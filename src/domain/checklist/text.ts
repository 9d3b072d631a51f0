/** Small wording helpers shared by the checklist and status domains. */

/** "A", "A and B", "A, B and C". */
export function listText(values: readonly string[]): string {
  if (values.length <= 1) return values[0] ?? '';
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

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

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
