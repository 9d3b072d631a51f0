import assert from 'node:assert/strict';
import {
  buildEvidence, evidenceFileNames, renderEvidenceHtml, renderEvidenceMarkdown, scrubNote,
} from '../../../src/domain/evidence/index.js';
import { everyRecord } from './fixtures.js';

const ALLOWED_URL = /^https:\/\/(learn\.microsoft\.com|github\.com\/MicrosoftDocs)\//;

function urls(text: string): string[] {
  return [...text.matchAll(/(?:https?|ftp|file):\/\/[^\s"'<>)\]]+/gi)].map((m) => m[0]);
}

describe('evidence pack', () => {
  it('holds every kind of record: assessment, mailbox, identity map, checklist, history, plan, open items', () => {
    const input = everyRecord();
    const doc = buildEvidence(input);
    assert.deepEqual(doc.sections.map((s) => s.id), ['open', 'plan', 'assessment-a-1', 'mailbox', 'identity-map', 'checklist', 'history']);
    const md = renderEvidenceMarkdown(input);
    // What was checked, by whom and when.
    assert.match(md, /Assessment a-1, run 2026-11-19 16:00 UTC by Ada Admin\./);
    assert.match(md, /Checked 2026-11-19 17:00 UTC by Eve Exchange, from Microsoft's validation script log\./);
    assert.match(md, /Checked 2026-11-19 18:00 UTC by Pat \\<PM\\>, file people.csv/);
    assert.match(md, /1 person mapped: 1 for environments, 1 for mailboxes, 1 for OneDrive\./);
    assert.match(md, /### map-same-as-source \(error\)\n\n- Occurrences: 1/);
    // Each finding: source, date, basis.
    const assessment = input.assessments[0].assessment;
    for (const f of assessment.findings) assert.ok(md.includes(`- Rule: ${f.ruleId.replace(/_/g, '\\_')}`), f.ruleId);
    assert.match(md, /- Basis: Inferred \(no Microsoft page states it for this case\)/);
    assert.match(md, /- Source date: 2024-02-01/);
    // Checklist: who ticked what and when.
    assert.ok(md.includes(`- Done: 2026-11-22 08:00 UTC by Ada Admin`));
    // History: who changed it and how.
    assert.match(md, /### Tracking started at Request submitted \(revision 1\)\n\n- When: 2026-11-20 09:00 UTC\n- By: Pat \\<PM\\> \(a person\)\n- Note: Started after the CAB on Monday/);
    assert.match(md, /- By: Status bot \(automation\)/);
    // What is still open.
    assert.match(md, /## What is still open\n\n\d+ open items\./);
    assert.ok(md.includes('### A mailbox is on litigation hold (blocker)'));
    assert.ok(md.includes('### The identity map has 1 error (open)'));
    assert.ok(md.includes('### Dev is not in the move (excluded)'));
    // Plan with reasons and sources.
    assert.match(md, /## Plan: the order across workstreams/);
    assert.match(md, /- After step \d+: \[.*\(documented, 2024-02-01\)\]\(https:\/\/learn\.microsoft\.com\/microsoft-365\/enterprise\/cross-tenant-mailbox-migration\)/);
  });

  it('is deterministic: the same records give the same bytes; a time only when passed', () => {
    const a = everyRecord();
    assert.equal(renderEvidenceMarkdown(a), renderEvidenceMarkdown(everyRecord()));
    assert.equal(renderEvidenceHtml(a), renderEvidenceHtml(everyRecord()));
    assert.doesNotMatch(renderEvidenceMarkdown(a), /Pack generated/);
    assert.match(renderEvidenceMarkdown({ ...a, generatedAt: '2026-12-01T12:00:00Z' }), /- Pack generated: 2026-12-01 12:00 UTC/);
  });

  it('holds no secret, download URL or stray message text, even when the records carry them elsewhere', () => {
    const input = everyRecord();
    const planted = {
      ...input,
      migration: Object.assign(structuredClone(input.migration), {
        downloadUrl: 'https://contoso.sharepoint.com/sites/x/usermapping.csv?tempauth=PLANTED-1',
        conversationReference: { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: '19:PLANTED-2@thread.tacv2' } },
        lastMessage: 'PLANTED-3 my password is hunter2',
      }),
      checklist: Object.assign(structuredClone(input.checklist!), { appliedActionKeys: ['PLANTED-4'], cardActivityId: 'PLANTED-5' }),
      assessments: input.assessments.map((a) => Object.assign(structuredClone(a), {
        profile: { secret: 'PLANTED-6' }, userId: 'PLANTED-7', transcript: ['PLANTED-8 stray chat'],
      })),
      mailbox: Object.assign(structuredClone(input.mailbox!), { clientSecret: 'PLANTED-9', sasUri: 'https://x.blob.core.windows.net/c?sig=PLANTED-10' }),
      identityMap: Object.assign(structuredClone(input.identityMap!), { rows: ['PLANTED-11'], entries: [{ source: 'ada@contoso.onmicrosoft.com' }] }),
    };
    for (const out of [renderEvidenceMarkdown(planted), renderEvidenceHtml(planted)]) {
      assert.doesNotMatch(out, /PLANTED|hunter2|SECRET|tempauth|client_secret=SECRET|stray chat/);
      assert.doesNotMatch(out, /ada@contoso/, 'no person from the identity map is listed');
      for (const u of urls(out)) assert.match(u, ALLOWED_URL, `unexpected URL ${u}`);
    }
    assert.match(renderEvidenceMarkdown(planted), /- Note: see \\\[link removed\\\] and client\\_secret=\\\[removed\\\]/);
  });

  it('scrubs links and credentials from notes people typed', () => {
    assert.equal(scrubNote('ok\nsee www.example.com/a and Bearer abcdefghijklmnopqrstuvwxyz012345'), 'ok see [link removed] and Bearer [removed]');
    assert.equal(scrubNote('sig=abc&x token: zzz eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sflKxwRJSMeKKF2QT4fwpM'), 'sig=[removed] token=[removed] [removed]');
  });

  it('escapes every record value in both formats', () => {
    const input = everyRecord();
    const html = renderEvidenceHtml(input);
    assert.ok(html.includes('Evidence pack: Contoso &amp; Fabrikam'));
    assert.ok(html.includes('Pat &lt;PM&gt;'));
    assert.ok(html.includes('Sales &lt;EU&gt;'));
    assert.doesNotMatch(html, /<PM>|<EU>/);
    assert.doesNotMatch(html, /<script|<img|<link|@import|url\(/i, 'self-contained, no script or external resource');
    const md = renderEvidenceMarkdown(input);
    assert.ok(md.includes('Sales \\<EU\\>'));
    assert.deepEqual(evidenceFileNames('m-ab12cd34'), { markdown: 'evidence-m-ab12cd34.md', html: 'evidence-m-ab12cd34.html' });
    assert.deepEqual(evidenceFileNames('../x'), { markdown: 'evidence-x.md', html: 'evidence-x.html' });
  });
});
