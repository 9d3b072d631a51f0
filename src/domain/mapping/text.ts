/** Small wording helpers shared by the checker and the card view model. */

/** Long values are cut so a card or message stays readable; the report's rows keep them whole. */
export function shortValue(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

/** "1 line", "3 lines", "1,200 lines". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
