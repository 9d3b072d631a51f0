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
    assert.match(report, /Source \(older support-path guidance only\): </);
    assert.match(report, /tenant-wide findings apply to all of them \(actions: 1\)/);
  });

  it('lists the Marketing state', () => {
    for (const item of assessment.marketing!) assert.ok(report.includes(item.text.replace(/([\\`*_[\]<>|#])/g, '\\$1')), item.id);
  });

  it('is deterministic', () => {
    assert.equal(renderMarkdown(run(profileWith(() => {})).assessment, run(profileWith(() => {})).profile),
      renderMarkdown(run(profileWith(() => {})).assessment, run(profileWith(() => {})).profile));
  });
});
