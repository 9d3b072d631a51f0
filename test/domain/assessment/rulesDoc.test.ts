import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULE_IDS, RULES } from '../../../src/domain/assessment/index.js';
import { SOURCES } from '../../../src/domain/assessment/sources.js';
import { RULES_DOC_PATH, renderRulesDoc } from '../../../scripts/rulesDoc.js';

describe('docs/rules.md', () => {
  it('is exactly what the generator writes from the rule table (npm run docs:rules)', () => {
    assert.equal(readFileSync(RULES_DOC_PATH, 'utf8'), renderRulesDoc(), 'docs/rules.md is out of step: run npm run docs:rules');
  });

  it('lists every rule id once, with its severity, basis, source and source date', () => {
    const doc = renderRulesDoc();
    for (const rule of RULES) {
      const rows = doc.split('\n').filter((line) => line.startsWith(`| \`${rule.id}\` |`));
      assert.equal(rows.length, 1, rule.id);
      const cells = rows[0]!.split(' | ');
      assert.equal(cells[1], rule.severity, rule.id);
      assert.equal(cells[4], rule.basis, rule.id);
      assert.ok(rows[0]!.includes(`(${rule.source.url})`), rule.id);
      assert.equal(cells[7], rule.source.date, rule.id);
    }
    assert.equal(RULES.length, RULE_IDS.length);
    for (const source of Object.values(SOURCES)) assert.ok(doc.includes(`(${source.url}) | ${source.date} |`), source.url);
  });

  it('changes when a rule changes, so the first test catches drift', () => {
    const before = renderRulesDoc();
    const rule = RULES.find((r) => r.id === 'lockbox-approval')! as { severity: string };
    const severity = rule.severity;
    rule.severity = 'blocker';
    try {
      assert.notEqual(renderRulesDoc(), before);
    } finally {
      rule.severity = severity;
    }
    assert.equal(renderRulesDoc(), before);
  });
});
