/**
 * The assessment report as a printable HTML page (the file `export {id}` offers next to the Markdown): every value
 * escaped, deterministic, self-contained, and the only links the documentation pages the findings cite.
 */
import assert from 'node:assert/strict';
import { assess, assessmentFileNames, buildAssessmentDocument, renderAssessmentHtml } from '../../../src/domain/assessment/index.js';
import { bigProfile } from '../../support/messageCatalogue.js';
import { hostileProfile } from './reportFixtures.js';

const ALLOWED_URL = /^https:\/\/(learn\.microsoft\.com|github\.com\/MicrosoftDocs)\//;
const urls = (text: string): string[] => [...text.matchAll(/(?:https?|ftp|file):\/\/[^\s"'<>)\]]+/gi)].map((m) => m[0]);

describe('assessment report as HTML', () => {
  const profile = hostileProfile();
  const assessment = assess(profile);
  const meta = { assessmentId: 'abcd1234', createdAt: '2026-11-30T10:15:00.000Z', createdBy: 'Pat <PM>' };

  it('holds what the Markdown report holds: verdict, tenants, environments, every finding with rule, basis, source and date', () => {
    const doc = buildAssessmentDocument(assessment, profile, meta);
    assert.equal(doc.title, 'Migration readiness: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com');
    assert.match(doc.subtitle, /^Verdict: /);
    assert.deepEqual(doc.meta.map((f) => f.label), ['Assessment', 'Run', 'Source', 'Destination', 'Verdict']);
    assert.equal(doc.meta[1]!.value, '2026-11-30 10:15 UTC by Pat <PM>');
    assert.equal(doc.sections[0]!.id, 'environments');
    assert.equal(doc.sections[0]!.items.length, 3);
    const html = renderAssessmentHtml(assessment, profile, meta);
    for (const f of assessment.findings) {
      assert.ok(html.includes(`<dt>Rule</dt><dd>${f.ruleId}</dd>`), f.ruleId);
      assert.ok(html.includes(`<dt>Source date</dt><dd>${f.sourceDate}</dd>`), f.ruleId);
      assert.ok(html.includes(`<a href="${f.source}">`), f.source);
    }
    const inferred = assessment.findings.filter((f) => f.basis === 'inferred');
    if (inferred.length > 0) assert.match(html, /Inferred \(our judgement; no Microsoft page states it for this case\)/);
    assert.match(html, /<h2>Marketing after the move<\/h2>/);
    assert.match(html, /<section id="findings-blocker">/);
  });

  it('escapes every value: no tag, attribute or link from a name gets through', () => {
    const html = renderAssessmentHtml(assessment, profile, meta);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('Sales &quot;Q1&quot; &amp; &lt;img src=https://evil.example.net/x.png onerror=alert(2)&gt;'));
    assert.ok(html.includes('O&#39;Brien&#39;s [link](https://evil.example.net/phish)'));
    assert.ok(html.includes('Pat &lt;PM&gt;'));
    assert.doesNotMatch(html, /<script|<img|<link|@import|url\(|<iframe|<object/i, 'self-contained: no script, image or external resource');
    assert.doesNotMatch(html, /href="https:\/\/evil/, 'a name never becomes a link');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) assert.match(href, ALLOWED_URL, `only documentation pages are links (${href})`);
    // URLs that appear as text come only from the documentation sources or from the escaped names.
    for (const u of urls(html)) assert.ok(ALLOWED_URL.test(u) || u.startsWith('https://evil.example.net/'), u);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  });

  it('is deterministic: the same record gives the same bytes, with no clock inside', () => {
    assert.equal(renderAssessmentHtml(assessment, profile, meta), renderAssessmentHtml(assess(hostileProfile()), hostileProfile(), { ...meta }));
    const big = bigProfile(5);
    assert.equal(renderAssessmentHtml(assess(big), big), renderAssessmentHtml(assess(bigProfile(5)), bigProfile(5)));
    assert.doesNotMatch(renderAssessmentHtml(assess(big), big), /Run<\/dt>|Assessment<\/dt>/, 'no id or time unless given');
  });

  it('names its files after the assessment id, safely', () => {
    assert.deepEqual(assessmentFileNames('abcd1234'), { markdown: 'assessment-abcd1234.md', html: 'assessment-abcd1234.html' });
    assert.deepEqual(assessmentFileNames('../../x'), { markdown: 'assessment-x.md', html: 'assessment-x.html' });
    assert.deepEqual(assessmentFileNames('..'), { markdown: 'assessment-assessment.md', html: 'assessment-assessment.html' });
  });
});
