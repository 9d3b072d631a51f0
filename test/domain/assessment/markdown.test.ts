import assert from 'node:assert/strict';
import { renderMarkdown } from '../../../src/domain/assessment/index.js';
import { environment, profileWith, run } from './fixtures.js';

describe('markdown report', () => {
  const { assessment, profile } = run(profileWith((p) => {
    p.source.customerLockbox = true;
    p.environments = [
      environment('Sales | EU', { type: 'production', solutions: ['marketing', 'power-automate'] }),
      environment('Dev_*team*', { type: 'developer' }),
    ];
  }));
  const report = renderMarkdown(assessment, profile);

  it('states the verdict and the summary first', () => {
    const lines = report.split('\n');
    assert.equal(lines[0], '# Migration readiness: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com');
    assert.equal(lines[2], `**Verdict: Not eligible.** ${assessment.summary}`);
  });

  it('lists each environment with its verdict and counts, escaping table characters', () => {
    assert.ok(report.includes('| Sales \\| EU | production | NA | Microsoft support required | 0 | 1 | 3 | 0 |'), report);
    assert.ok(report.includes('| Dev\\_\\*team\\* | developer | NA | Not eligible | 1 | 0 | 0 | 0 |'), report);
  });

  it('includes every finding with its rule id and source, grouped by severity', () => {
    for (const finding of assessment.findings) {
      assert.ok(report.includes(`\`${finding.ruleId}\``), finding.ruleId);
      assert.ok(report.includes(`<${finding.source}>`), finding.source);
    }
    const headings = report.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.replace(/ \(\d+\)$/, ''));
    assert.deepEqual(headings, ['## Environments', '## Blockers', '## Needs Microsoft support', '## Actions', '## Good to know', '## Marketing after the move']);
    assert.match(report, /Source \(older support-path guidance only, page dated 2022-11-04\): </);
    assert.match(report, /Source \(current Microsoft guidance, page dated 2026-02-13\): </);
    assert.match(report, /tenant-wide findings apply to all of them \(actions: 1\)/);
  });

  it('marks inferred findings in the heading and says what that means', () => {
    const moving = run(profileWith((p) => { p.destination.region = 'EUR'; }));
    const text = renderMarkdown(moving.assessment, moving.profile);
    assert.match(text, /^### Inferred: Contoso Sales changes region/m);
    assert.match(text, /`region-change` · \*\*inferred\*\*/);
    assert.match(text, /One finding is marked \*\*Inferred\*\*: Microsoft's documentation does not cover the case/);
    assert.doesNotMatch(report, /Inferred/, 'no inferred finding, no label');
  });

  it('lists the Marketing state', () => {
    for (const item of assessment.marketing!) assert.ok(report.includes(item.text.replace(/([\\`*_[\]<>|#])/g, '\\$1')), item.id);
  });

  it('is deterministic', () => {
    assert.equal(renderMarkdown(run(profileWith(() => {})).assessment, run(profileWith(() => {})).profile),
      renderMarkdown(run(profileWith(() => {})).assessment, run(profileWith(() => {})).profile));
  });
});
