/**
 * The mailbox workstream as the plan reads it: a validation log belongs to the readiness check of the same tenants
 * by the domains of its addresses (documented match), or by the initial domain's first label when the check lists
 * no custom domains (our inference, said first in the detail); its causes become findings with the script's page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessMailboxInput } from '../../src/domain/mailbox/index.js';
import { projectRoot } from '../../src/paths.js';
import type { StoredMailboxLogCheck, StoredMailboxReadiness } from '../../src/records/mailboxRepository.js';
import { logForPlan, logMatch, mailboxPlanSource } from '../../src/services/mailboxPlanSource.js';

function readiness(domains: boolean): StoredMailboxReadiness {
  const outcome = assessMailboxInput(JSON.parse(readFileSync(join(projectRoot, 'examples/mailbox/ready.json'), 'utf8')));
  if (!outcome.ok) throw new Error('example');
  const profile = structuredClone(outcome.profile);
  if (!domains) {
    delete profile.source.domains;
    delete profile.target.domains;
  }
  return { kind: 'readiness', id: 'ready001', tenantId: 't', createdAt: '2026-12-01T08:00:00.000Z', createdBy: { id: 'e', name: 'Eve' }, profile, readiness: outcome.readiness };
}

const log = (source: string[], target: string[], createdAt = '2026-12-01T09:00:00.000Z'): StoredMailboxLogCheck => ({
  kind: 'log', id: `log${source.join('').length}${createdAt.slice(11, 13)}`, tenantId: 't', createdAt, createdBy: { id: 'e', name: 'Eve' }, fileName: null,
  counts: { mailboxes: 3, ready: 1, blocked: 2, errors: 2, warnings: 0, unrecognised: 0 },
  groups: [{ ruleId: 'exo-hold', severity: 'blocker', headline: '2 mailboxes are on litigation hold', mailboxes: 2, fix: 'Release it.' }],
  organization: [],
  domains: { source, target },
});

describe('mailbox workstream for the plan (readiness with its latest log)', () => {
  it('matches a log by its address domains, or by inference from the initial domain, never across tenants', () => {
    assert.equal(logMatch(log(['contoso.com'], ['fabrikam.com']), readiness(true)), 'domains');
    assert.equal(logMatch(log(['contoso.com'], ['fabrikam.com']), readiness(false)), 'inferred');
    assert.equal(logMatch(log(['contoso.com'], ['northwind.com']), readiness(true)), null);
    assert.equal(logMatch(log(['contoso.com', 'other.org'], ['fabrikam.com']), readiness(false)), null);
    assert.equal(logMatch(log([], []), readiness(true)), null);
    assert.equal(logMatch({ ...log(['contoso.com'], ['fabrikam.com']), domains: undefined }, readiness(true)), null, 'a log written before domains were kept');
  });

  it('turns the log\'s causes into findings with the validation script\'s page; an inferred match says so first', () => {
    const documented = logForPlan(log(['contoso.com'], ['fabrikam.com']), 'domains');
    assert.equal(documented.verdict, 'not-eligible');
    assert.deepEqual(documented.counts, { mailboxes: 3, ready: 1, blocked: 2 });
    assert.equal(documented.findings[0]!.title, 'Validation log: 2 mailboxes are on litigation hold');
    assert.equal(documented.findings[0]!.basis, 'documented');
    assert.match(documented.findings[0]!.source, /^https:\/\/microsoft\.github\.io\/CSS-Exchange\//);
    const inferred = logForPlan(log(['contoso.com'], ['fabrikam.com']), 'inferred');
    assert.equal(inferred.findings[0]!.basis, 'inferred');
    assert.match(inferred.findings[0]!.detail, /^Microsoft's documentation does not tie a log's addresses to a tenant; we assume/);
  });

  it('lists readiness checks newest first, each with the newest matching log read after it', async () => {
    const r = readiness(true);
    const older = log(['contoso.com'], ['fabrikam.com'], '2026-12-01T09:00:00.000Z');
    const newest = { ...log(['contoso.com'], ['fabrikam.com'], '2026-12-01T10:00:00.000Z'), id: 'lognewest' };
    const before = { ...log(['contoso.com'], ['fabrikam.com'], '2026-12-01T07:00:00.000Z'), id: 'logbefore' };
    const source = mailboxPlanSource({ listForTenant: async () => [newest, older, r, before] });
    const [only, ...rest] = await source.listForTenant('t');
    assert.equal(rest.length, 0, 'logs are not listed as readiness checks');
    assert.equal(only!.id, 'ready001');
    assert.equal(only!.log?.id, 'lognewest');
    const noLog = mailboxPlanSource({ listForTenant: async () => [r, before] });
    assert.equal((await noLog.listForTenant('t'))[0]!.log, null, 'a log read before the check is not its result');
  });
});
