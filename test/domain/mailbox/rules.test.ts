import assert from 'node:assert/strict';
import {
  MAILBOX_RULES, MAILBOX_RULE_IDS, assessMailboxInput, type MailboxRuleId, type Severity,
} from '../../../src/domain/mailbox/index.js';
import { BASES } from '../../../src/domain/findings.js';
import { baseMailboxProfile, mailboxProfileWith, type RawProfile } from './fixtures.js';

function run(profile: RawProfile) {
  const outcome = assessMailboxInput(profile);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.readiness;
}

interface Case { name: string; profile: RawProfile; fires: boolean }
const w = mailboxProfileWith;

const CASES: Record<MailboxRuleId, Case[]> = {
  'exo-cross-cloud': [
    { name: 'commercial to GCC High', profile: w((p) => { p.target.cloud = 'gcc-high'; }), fires: true },
    { name: 'GCC to commercial', profile: w((p) => { p.source.cloud = 'gcc'; }), fires: true },
    { name: 'both GCC', profile: w((p) => { p.source.cloud = 'gcc'; p.target.cloud = 'gcc'; }), fires: false },
    { name: 'both default (commercial)', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-same-domain': [
    { name: 'a domain on both sides, other case', profile: w((p) => { p.source.domains.push('Shared.Example'); p.target.domains.push('shared.example'); }), fires: true },
    { name: 'different domains', profile: baseMailboxProfile(), fires: false },
    { name: 'domains unknown', profile: w((p) => { delete p.source.domains; delete p.target.domains; }), fires: false },
  ],
  'exo-license-missing': [
    { name: 'fewer licences than mailboxes', profile: w((p) => { p.migrationLicences = 849; }), fires: true },
    { name: 'licences unknown', profile: w((p) => { delete p.migrationLicences; }), fires: true },
    { name: 'exactly enough', profile: baseMailboxProfile(), fires: false },
    { name: 'more than enough', profile: w((p) => { p.migrationLicences = 900; }), fires: false },
  ],
  'exo-hold': [
    { name: 'holds true', profile: w((p) => { p.holds = true; }), fires: true },
    { name: 'holds false', profile: baseMailboxProfile(), fires: false },
    { name: 'holds unknown', profile: w((p) => { delete p.holds; }), fires: false },
  ],
  'exo-aux-archives': [
    { name: '13 archives', profile: w((p) => { p.maxAuxArchives = 13; }), fires: true },
    { name: '12 archives', profile: w((p) => { p.maxAuxArchives = 12; }), fires: false },
    { name: 'unknown', profile: w((p) => { delete p.maxAuxArchives; }), fires: false },
  ],
  'exo-auto-expanding-archive': [
    { name: 'on', profile: w((p) => { p.autoExpandingArchives = true; }), fires: true },
    { name: 'off', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-scope-group-missing': [
    { name: 'no group', profile: w((p) => { delete p.scopeGroup; }), fires: true },
    { name: 'group given', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-scope-group-nested': [
    { name: 'nested', profile: w((p) => { p.scopeGroup.nested = true; }), fires: true },
    { name: 'not nested', profile: baseMailboxProfile(), fires: false },
    { name: 'nesting unknown', profile: w((p) => { delete p.scopeGroup.nested; }), fires: false },
  ],
  'exo-scope-group-large': [
    { name: '10,001 members', profile: w((p) => { p.scopeGroup.members = 10_001; }), fires: true },
    { name: '10,000 members', profile: w((p) => { p.scopeGroup.members = 10_000; }), fires: false },
  ],
  'exo-app-missing': [
    { name: 'no app', profile: w((p) => { delete p.migrationApp; }), fires: true },
    { name: 'app given', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-source-consent-missing': [
    { name: 'not consented', profile: w((p) => { p.migrationApp.consentedInSource = false; }), fires: true },
    { name: 'consent unknown', profile: w((p) => { delete p.migrationApp.consentedInSource; }), fires: true },
    { name: 'no app at all', profile: w((p) => { delete p.migrationApp; }), fires: true },
    { name: 'consented', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-target-mailuser-missing': [
    { name: 'missing', profile: w((p) => { p.targetMailUsers = 'missing'; }), fires: true },
    { name: 'partly', profile: w((p) => { p.targetMailUsers = 'partly'; }), fires: true },
    { name: 'unknown', profile: w((p) => { delete p.targetMailUsers; }), fires: true },
    { name: 'prepared', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-previous-mailbox': [
    { name: 'yes', profile: w((p) => { p.previousMailboxes = true; }), fires: true },
    { name: 'no', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-license-before-guid': [
    { name: 'yes', profile: w((p) => { p.licencesBeforeGuid = true; }), fires: true },
    { name: 'no', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-dehydrated': [
    { name: 'dehydrated', profile: w((p) => { p.target.dehydrated = true; }), fires: true },
    { name: 'not dehydrated', profile: baseMailboxProfile(), fires: false },
    { name: 'unknown', profile: w((p) => { delete p.target.dehydrated; }), fires: false },
  ],
  'exo-batch-size': [
    { name: '2,001 per batch', profile: w((p) => { p.batchSize = 2001; }), fires: true },
    { name: '2,000 per batch', profile: w((p) => { p.batchSize = 2000; }), fires: false },
  ],
  'exo-move-back': [
    { name: 'planned', profile: w((p) => { p.moveBack = true; }), fires: true },
    { name: 'not planned', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-hybrid': [
    { name: 'source hybrid', profile: w((p) => { p.source.hybrid = true; }), fires: true },
    { name: 'target hybrid', profile: w((p) => { p.target.hybrid = true; }), fires: true },
    { name: 'cloud only', profile: baseMailboxProfile(), fires: false },
  ],
  'exo-source-content-gone': [
    { name: 'always', profile: baseMailboxProfile(), fires: true },
  ],
};

describe('mailbox-move rules', () => {
  it('every rule id has a rule, in catalogue order, and a test table', () => {
    assert.deepEqual(MAILBOX_RULES.map((r) => r.id), [...MAILBOX_RULE_IDS]);
    assert.deepEqual(Object.keys(CASES).sort(), [...MAILBOX_RULE_IDS].sort());
  });

  it('every rule names its source page and date, guidance and basis', () => {
    for (const rule of MAILBOX_RULES) {
      assert.match(rule.source.url, /^https:\/\/(learn\.microsoft\.com|microsoft\.github\.io|techcommunity\.microsoft\.com)\//, rule.id);
      assert.match(rule.source.date, /^\d{4}-\d{2}-\d{2}$/, rule.id);
      assert.ok(BASES.includes(rule.basis), rule.id);
    }
  });

  it('the base profile is eligible, with only the always-on note', () => {
    const readiness = run(baseMailboxProfile());
    assert.equal(readiness.verdict, 'eligible');
    assert.deepEqual(readiness.findings.map((f) => f.ruleId), ['exo-source-content-gone']);
  });

  for (const rule of MAILBOX_RULES) {
    describe(rule.id, () => {
      for (const c of CASES[rule.id]) {
        it(`${c.fires ? 'fires' : 'stays silent'}: ${c.name}`, () => {
          const findings = run(c.profile).findings.filter((f) => f.ruleId === rule.id);
          assert.equal(findings.length, c.fires ? 1 : 0);
          if (c.fires) {
            const [f] = findings;
            assert.equal(f!.severity, rule.severity as Severity);
            assert.equal(f!.basis, rule.basis);
            assert.equal(f!.sourceDate, rule.source.date);
            assert.equal(f!.source, rule.source.url);
            if (f!.basis === 'inferred') assert.match(f!.detail, /^Microsoft's documentation does not/);
          }
        });
      }
    });
  }

  it('details name the user\'s own values', () => {
    const r = run(w((p) => { p.migrationLicences = 600; p.scopeGroup.nested = true; p.batchSize = 2500; }));
    const byId = new Map(r.findings.map((f) => [f.ruleId, f]));
    assert.match(byId.get('exo-license-missing')!.detail, /600 .*850 mailboxes: 250 short/);
    assert.match(byId.get('exo-scope-group-nested')!.title, /T2T movers/);
    assert.match(byId.get('exo-batch-size')!.title, /2,500/);
  });

  it('the verdict follows the worst severity, blockers sort first and the summary names the tenants', () => {
    const r = run(w((p) => { p.holds = true; delete p.migrationApp; p.autoExpandingArchives = true; }));
    assert.equal(r.verdict, 'not-eligible');
    assert.deepEqual(r.findings.map((f) => f.severity), ['blocker', 'action', 'action', 'warning', 'info']);
    assert.equal(r.summary, '850 mailboxes from contoso.onmicrosoft.com to fabrikam.onmicrosoft.com cannot move yet: 1 blocker to resolve first.');
    const actions = run(w((p) => { delete p.migrationApp; p.autoExpandingArchives = true; }));
    assert.equal(actions.verdict, 'eligible-with-actions');
    assert.equal(actions.summary, '850 mailboxes from contoso.onmicrosoft.com to fabrikam.onmicrosoft.com can move after 2 actions, with 1 warning to accept.');
  });

  it('is deterministic: the same profile gives byte-identical JSON', () => {
    const p = w((x) => { x.holds = true; x.moveBack = true; x.source.hybrid = true; });
    assert.equal(JSON.stringify(run(p)), JSON.stringify(run(structuredClone(p))));
  });
});
