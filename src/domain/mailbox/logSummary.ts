/**
 * What an admin reads first about a validation log: the mailboxes grouped by cause ("12 mailboxes are on litigation
 * hold: ada@contoso.com, ..."), ready mailboxes counted, and the blocked mailboxes as a CSV file. Pure.
 */
import { formatNumber, listText } from '../text.js';
import { LOG_MESSAGE_KINDS } from './logMessages.js';
import type { LogFinding, MailboxLogResult, ValidationLogReport } from './log.js';

export interface CauseGroup {
  /** ruleId, or ruleId:hold for holds. */
  key: string;
  ruleId: string;
  severity: LogFinding['severity'];
  /** "12 mailboxes are on litigation hold" */
  headline: string;
  fix: string;
  /** Source addresses (or target ones when the source is not named), in log order. */
  mailboxes: string[];
}

export const NAMES_IN_SENTENCE = 5;

export function mailboxLabel(m: MailboxLogResult): string {
  return m.source ?? m.target ?? 'unnamed mailbox';
}

function causeOf(f: LogFinding): { one: string; many: string; fix: string } {
  const kind = LOG_MESSAGE_KINDS.find((k) => k.ruleId === f.ruleId && k.scope === 'mailbox' && (k.hold ?? null) === (f.hold ?? null)
    && (f.ruleId !== 'exo-x500-missing' || k.severity === f.severity));
  if (kind) return { ...kind.cause, fix: kind.fix };
  return { one: 'has a script error the bot does not recognise', many: 'have script errors the bot does not recognise', fix: 'Read the lines listed as not recognised.' };
}

const SEVERITY_ORDER = ['blocker', 'support', 'action', 'warning', 'info'];

/** Mailbox findings grouped by cause: blockers first, then the larger groups, then by rule id. */
export function groupByCause(report: ValidationLogReport): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  const causes = new Map<string, { one: string; many: string }>();
  const seen = new Map<string, Set<MailboxLogResult>>();
  for (const m of report.mailboxes) {
    const label = mailboxLabel(m);
    for (const f of m.findings) {
      const key = f.hold ? `${f.ruleId}:${f.hold}` : f.ruleId === 'exo-x500-missing' ? `${f.ruleId}:${f.severity}` : f.ruleId;
      let group = groups.get(key);
      if (!group) {
        const cause = causeOf(f);
        group = { key, ruleId: f.ruleId, severity: f.severity, headline: '', fix: cause.fix, mailboxes: [] };
        groups.set(key, group);
        causes.set(key, cause);
      }
      // A mailbox with two lines of one cause (two foreign addresses) is listed once.
      const members = (seen.get(key) ?? seen.set(key, new Set()).get(key))!;
      if (!members.has(m)) {
        members.add(m);
        group.mailboxes.push(label);
      }
    }
  }
  const out = [...groups.values()];
  for (const g of out) {
    const cause = causes.get(g.key)!;
    const n = g.mailboxes.length;
    g.headline = `${formatNumber(n)} ${n === 1 ? `mailbox ${cause.one}` : `mailboxes ${cause.many}`}`;
  }
  return out.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || b.mailboxes.length - a.mailboxes.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** "12 mailboxes are on litigation hold: a@x, b@x, c@x, d@x, e@x and 7 more." */
export function causeSentence(group: CauseGroup, names = NAMES_IN_SENTENCE): string {
  const shown = group.mailboxes.slice(0, names);
  const more = group.mailboxes.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${formatNumber(more)} more` : listText(shown);
  return `${group.headline}: ${list}.`;
}

/** A cell for the blocked-mailbox CSV: quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The blocked (and not-ready) mailboxes, one line each: SourceUser,TargetUser,Causes,Fixes. CRLF, UTF-8. */
export function blockedMailboxesCsv(report: ValidationLogReport): string {
  const lines = ['SourceUser,TargetUser,Causes,DirSynced'];
  for (const m of report.mailboxes) {
    if (m.ready) continue;
    const causes = [...new Set(m.findings.filter((f) => f.severity !== 'info').map((f) => f.hold ? `${f.title} (${f.hold})` : f.title))];
    const dirSynced = m.findings.some((f) => f.dirSynced) ? 'yes' : 'no';
    lines.push([m.source ?? '', m.target ?? '', causes.join('; '), dirSynced].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One line for the top of a card or a report. */
export function logHeadline(report: ValidationLogReport): string {
  const { mailboxes, ready, blocked } = report.counts;
  if (mailboxes === 0) {
    const org = report.organization.findings.filter((f) => f.severity === 'blocker').length;
    return org > 0 ? `No mailboxes were checked; the organisation checks found ${org === 1 ? '1 problem' : `${formatNumber(org)} problems`}.` : 'No mailboxes were checked.';
  }
  const notReady = mailboxes - ready;
  const parts = [`${formatNumber(ready)} of ${formatNumber(mailboxes)} ${mailboxes === 1 ? 'mailbox is' : 'mailboxes are'} ready`];
  if (blocked > 0) parts.push(`${formatNumber(blocked)} blocked`);
  if (notReady - blocked > 0) parts.push(`${formatNumber(notReady - blocked)} to check`);
  return `${parts.join('; ')}.`;
}
