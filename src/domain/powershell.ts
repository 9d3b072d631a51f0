/**
 * Values inserted into generated PowerShell. Every value goes in as a single-quoted literal, where PowerShell
 * expands nothing ($(...), backticks and semicolons are plain text); the only way out of such a string is a
 * quote character, and PowerShell treats the typographic single quotes (U+2018, U+2019, U+201A, U+201B) as
 * quotes too, so each of them is doubled like the ASCII one. Control characters (line breaks included) cannot
 * be made safe for a command an admin copies from a chat, so they are refused, not stripped.
 * Pure: shared by the mailbox-move commands (mailbox/) and the Power Platform move commands (commands/).
 */

const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

export type Quoted = { ok: true; text: string } | { ok: false; reason: string };

/** A single-quoted PowerShell literal holding exactly `value`, or why it cannot be one. */
export function quotePowerShell(value: string): Quoted {
  if (UNSAFE.test(value)) return { ok: false, reason: 'contains a line break or another control character' };
  return { ok: true, text: `'${value.replace(SINGLE_QUOTES, (quote) => quote + quote)}'` };
}

/** Like quotePowerShell for a value already validated (a GUID, a DNS name); throws on a control character. */
export function psLiteral(value: string): string {
  const quoted = quotePowerShell(value);
  if (!quoted.ok) throw new Error(`unsafe PowerShell value: ${quoted.reason}`);
  return quoted.text;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

// Labels of letters, digits and inner hyphens, at least two labels, 253 characters at most.
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

export function isDnsName(value: string): boolean {
  return DNS_NAME.test(value);
}

/** Typographic dashes that look like a hyphen but break a PowerShell parameter name (copied from web pages). */
export const LOOKALIKE_DASHES = /[\u2010-\u2015\u2212]/;
