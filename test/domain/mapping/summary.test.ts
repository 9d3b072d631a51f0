import assert from 'node:assert/strict';
import { assess, type MigrationProfile } from '../../../src/domain/assessment/index.js';
import {
  checkMappingFile, describeLines, mappingDomainsFromProfile, mappingProblemsPage, summariseMappingReport,
  withMappedUsers,
} from '../../../src/domain/mapping/index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('mapping result view model', () => {
  it('a clean file is ready, with counts and the header it found', () => {
    const s = summariseMappingReport(checkMappingFile({ fileName: 'usermapping.csv', bytes: utf8('Source,Destination\na@contoso.com,a@fabrikam.com\n') }));
    assert.equal(s.status, 'ready');
    assert.equal(s.headline, 'usermapping.csv: 1 user mapped, 0 errors, 0 warnings.');
    assert.match(s.headerNote ?? '', /Header "Source,Destination" found/);
    assert.deepEqual(s.problems, []);
    assert.equal(s.moreProblems, 0);
    assert.equal(s.nextOffset, null);
    assert.equal(s.offerCorrectedFile, false);
  });

  it('says which header convention was found when there is none', () => {
    const s = summariseMappingReport(checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com' }));
    assert.match(s.headerNote ?? '', /No header line found/);
    assert.match(s.headline, /^The pasted mapping: 1 user mapped/);
  });

  it('warnings only: ready with warnings, corrected file offered', () => {
    const s = summariseMappingReport(checkMappingFile({ text: 'a@contoso.com, a@fabrikam.com' }));
    assert.equal(s.status, 'ready-with-warnings');
    assert.equal(s.offerCorrectedFile, true);
    assert.deepEqual(s.problems[0], {
      checkId: 'map-whitespace',
      severity: 'warning',
      severityLabel: 'Warning',
      title: 'Stray spaces',
      where: 'Line 1',
      message: "Spaces or invisible characters around the addresses on 1 line. Microsoft's instructions warn against stray spaces.",
      fix: 'Remove them. The corrected file already has this fixed.',
      microsoftMessage: null,
    });
  });

  it('shows the first problems, errors first, and pages through the rest', () => {
    const lines: string[] = [];
    for (let i = 1; i <= 12; i++) lines.push(`user${i}@contoso.com,not-an-address-${i}`);
    lines.push(' x@contoso.com,x@fabrikam.com');
    const report = checkMappingFile({ fileName: 'usermapping.csv', bytes: utf8(lines.join('\n')) });
    const s = summariseMappingReport(report, { limit: 5 });
    assert.equal(s.status, 'fix-needed');
    assert.equal(s.errors, 12);
    assert.equal(s.warnings, 1);
    assert.deepEqual(s.problems.map((p) => p.where), ['Line 1', 'Line 2', 'Line 3', 'Line 4', 'Line 5']);
    assert.ok(s.problems.every((p) => p.severityLabel === 'Error'));
    assert.equal(s.problems[0].microsoftMessage, "Invalid Email Format 'not-an-address-1'");
    assert.equal(s.moreProblems, 8);
    assert.equal(s.nextOffset, 5);

    const seen = [...s.problems];
    let offset: number | null = s.nextOffset;
    while (offset !== null) {
      const page = mappingProblemsPage(report, offset, 5);
      assert.equal(page.total, 13);
      seen.push(...page.problems);
      offset = page.nextOffset;
    }
    assert.equal(seen.length, 13);
    assert.equal(seen[12].checkId, 'map-whitespace');
    assert.deepEqual(mappingProblemsPage(report, 99, 5), { problems: [], offset: 99, total: 13, nextOffset: null });
  });

  it('an unreadable upload has no header note and no corrected file', () => {
    const s = summariseMappingReport(checkMappingFile({ fileName: 'usermapping.csv', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }));
    assert.equal(s.status, 'unreadable');
    assert.equal(s.headerNote, null);
    assert.equal(s.offerCorrectedFile, false);
    assert.equal(s.problems[0].where, 'Whole file');
  });

  it('describes line lists as ranges and counts the rest', () => {
    assert.equal(describeLines([]), 'Whole file');
    assert.equal(describeLines([7]), 'Line 7');
    assert.equal(describeLines([2, 3, 4, 5, 9]), 'Lines 2–5, 9');
    assert.equal(describeLines([1, 3, 5, 7, 9, 11, 13, 15], 3), 'Lines 1, 3, 5 and 5 more lines');
    assert.equal(describeLines(Array.from({ length: 1000 }, (_, i) => i + 2)), 'Lines 2–1001');
  });
});

describe('mapping check and the assessment profile', () => {
  const profile: MigrationProfile = {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR' },
    destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', availableLicenses: 1 },
    environments: [
      { name: 'Contoso Sales', type: 'production', mappedUsers: 40 },
      { name: 'Contoso Dev', type: 'sandbox' },
    ],
  };

  it('feeds the tenant domains to the domain checks', () => {
    const domains = mappingDomainsFromProfile(profile);
    assert.deepEqual(domains, { sourceDomains: ['contoso.onmicrosoft.com'], destinationDomains: ['fabrikam.onmicrosoft.com'] });
    const r = checkMappingFile({ text: 'a@contoso.onmicrosoft.com,a@contoso.com', ...domains });
    assert.deepEqual(r.problems.map((p) => p.checkId), ['map-dst-domain']);
  });

  it("sets the environment's mapped users from the report, without changing the input", () => {
    const report = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com\nb@contoso.com,b@fabrikam.com\nc@contoso.com,c@contoso.com' });
    const updated = withMappedUsers(profile, 'contoso sales', report);
    assert.ok(updated);
    assert.equal(updated.environments[0].mappedUsers, 2);
    assert.equal(updated.environments[1], profile.environments[1]);
    assert.equal(profile.environments[0].mappedUsers, 40);
  });

  it('a re-run of the assessment sees the new count (the licence rule)', () => {
    const small = { ...profile, environments: [{ name: 'Contoso Sales', type: 'production' as const }] };
    const ids = (p: MigrationProfile) => assess(p).findings.map((f) => f.ruleId);
    assert.equal(ids(small).includes('dst-licenses-mapped'), false);
    const report = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com\nb@contoso.com,b@fabrikam.com' });
    const updated = withMappedUsers(small, 'Contoso Sales', report);
    assert.ok(updated);
    assert.equal(ids(updated).includes('dst-licenses-mapped'), true);
  });

  it('leaves the profile alone for an unknown environment or an unreadable file', () => {
    const report = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com' });
    assert.equal(withMappedUsers(profile, 'Nope', report), null);
    const unreadable = checkMappingFile({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) });
    assert.equal(withMappedUsers(profile, 'Contoso Sales', unreadable), null);
  });
});
