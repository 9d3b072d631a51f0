import assert from 'node:assert/strict';
import {
  checkIdentityMap, exportIdentityMap, identityCountsForChecks, readIdentityMap, summariseIdentityMap, declaredUnpackedSize,
} from '../../../src/domain/identity/index.js';
import { xlsx, zip } from './xlsxFixture.js';

const TENANT = '11111111-2222-3333-4444-555555555555';

const CANONICAL = [
  'DisplayName,Source,Target,SourceEmail,TargetEmail,TargetObjectId,Workstreams',
  '"Vance, Adele",adele@contoso.onmicrosoft.com,adele@fabrikam.onmicrosoft.com,adele.vance@contoso.com,adele.vance@fabrikam.com,aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee,',
  'Alex,alex@contoso.onmicrosoft.com,alex@fabrikam.onmicrosoft.com,,alex.w@fabrikam.com,,mailboxes;onedrive',
  'Megan,megan@contoso.onmicrosoft.com,megan@fabrikam.onmicrosoft.com,,,,environments',
].join('\n');

const ids = (r: { problems: Array<{ checkId: string }> }): string[] => r.problems.map((p) => p.checkId);

describe('identity map: reading and checks', () => {
  it('reads canonical columns in any order and any case, with the workstreams per person', () => {
    const r = checkIdentityMap({ text: CANONICAL.replace('DisplayName,Source', 'displayname,SOURCE') });
    assert.equal(r.layout, 'identity-map');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.columns, ['DisplayName', 'Source', 'Target', 'SourceEmail', 'TargetEmail', 'TargetObjectId', 'Workstreams']);
    assert.deepEqual(r.counts, { people: 3, environments: 2, mailboxes: 2, onedrive: 2 });
    assert.equal(r.entries[0].displayName, 'Vance, Adele');
    assert.deepEqual(r.entries[1].workstreams, ['mailboxes', 'onedrive']);
    assert.deepEqual(identityCountsForChecks(r), { mappedUsers: 2, mailboxes: 2, onedrive: 2 });
  });

  it('accepts a two-column usermapping.csv with the mapping checker\'s own checks and messages', () => {
    const r = checkIdentityMap({ text: 'Source,Destination\na@contoso.com,a@fabrikam.com\nb@contoso.com;b@fabrikam.com\nc@contoso.com,c@contoso.com\n' });
    assert.equal(r.layout, 'usermapping');
    assert.deepEqual(ids(r), ['map-separator', 'map-same-as-source']);
    assert.equal(r.counts.people, 2, 'the semicolon line is still read, as the mapping checker does');
    assert.deepEqual(r.entries[0].workstreams, ['environments', 'mailboxes', 'onedrive']);
    const headerless = checkIdentityMap({ text: 'a@contoso.com,a@fabrikam.com\r\n' });
    assert.equal(headerless.layout, 'usermapping');
    assert.equal(headerless.errors, 0);
  });

  it('finds duplicates, self-maps and bad addresses in every address column', () => {
    const r = checkIdentityMap({
      text: [
        'Source,Target,SourceEmail,TargetEmail',
        'a@contoso.com,a@fabrikam.com,,',
        'a@contoso.com,z@fabrikam.com,,',
        'b@contoso.com,b@contoso.com,,',
        'c@contoso.com,c@fabrikam.com,Carl <c@contoso.com>,',
        'd@contoso.com,d@fabrikam.com,,not-an-address',
      ].join('\n'),
    });
    assert.deepEqual(ids(r).sort(), ['map-dup-source', 'map-email-format', 'map-email-format', 'map-same-as-source']);
    assert.equal(r.counts.people, 0);
    const fmt = r.problems.filter((p) => p.checkId === 'map-email-format').map((p) => p.message);
    assert.ok(fmt.some((m) => m.startsWith('The SourceEmail "Carl <c@contoso.com>" is not a valid address: it holds a display name')));
    assert.ok(fmt.some((m) => m.startsWith('The TargetEmail "not-an-address"')));
  });

  it('finds conflicts across columns: an address two people claim, object ids, workstreams', () => {
    const r = checkIdentityMap({
      text: [
        'Source,Target,SourceEmail,TargetEmail,TargetObjectId,Workstreams',
        'a@contoso.com,a@fabrikam.com,,shared@fabrikam.com,aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee,',
        'b@contoso.com,b@fabrikam.com,,shared@fabrikam.com,aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee,',
        'c@contoso.com,c@fabrikam.com,d@contoso.com,,not-a-guid,',
        'd@contoso.com,d@fabrikam.com,,,,teams',
        'e@contoso.com,e@fabrikam.com,e@contoso.com,c@fabrikam.com,,',
        'f@contoso.com,f@fabrikam.com,x@contoso.com,x@contoso.com,,',
      ].join('\n'),
    });
    const byId = (id: string) => r.problems.filter((p) => p.checkId === id);
    assert.deepEqual(byId('id-email-conflict').map((p) => p.lines), [[2, 3], [4, 5], [4, 6]]);
    assert.match(byId('id-email-conflict')[0].message, /^shared@fabrikam\.com belongs to 2 different target people \(in TargetEmail on lines 2, 3\)/);
    assert.deepEqual(byId('id-object-id-duplicate').map((p) => p.lines), [[2, 3]]);
    assert.deepEqual(byId('id-object-id-format').map((p) => p.lines), [[4]]);
    assert.deepEqual(byId('id-workstreams').map((p) => p.message), ['"teams" is not a workstream.']);
    assert.deepEqual(byId('map-same-as-source').map((p) => p.lines), [[7]]);
    assert.equal(r.counts.people, 0);
  });

  it('checks domains on both sides and says when columns look swapped (warnings only)', () => {
    const r = checkIdentityMap({
      text: 'Source,Target,TargetEmail\na@fabrikam.com,a@contoso.com,a@fabrikam.com\n',
      sourceDomains: ['contoso.com'], destinationDomains: ['fabrikam.com'],
    });
    assert.equal(r.errors, 0);
    assert.deepEqual(ids(r), ['map-src-domain', 'map-dst-domain']);
    assert.match(r.problems[0].message, /fabrikam\.com is one of the destination tenant's domains: are the columns swapped\?/);
  });

  it('refuses a header without Source or Target, repeated columns and extra cells; warns on unknown columns', () => {
    assert.equal(checkIdentityMap({ text: 'Target,DisplayName\na@f.com,A\n' }).problems[0].message, 'The header has no Source column.');
    const noSource = checkIdentityMap({ text: 'Source,DisplayName\na@contoso.com,A\n' });
    assert.deepEqual(ids(noSource), ['id-header']);
    assert.equal(noSource.problems[0].message, 'The header has no Target column.');
    assert.deepEqual(ids(checkIdentityMap({ text: 'Source,Target,source\na@c.com,a@f.com,b@c.com\n' })), ['id-column-repeated']);
    const r = checkIdentityMap({ text: 'Source,Target,Department\na@contoso.com,a@fabrikam.com,Sales\nb@contoso.com,b@fabrikam.com,x,y\n' });
    assert.deepEqual(ids(r), ['id-cells', 'id-column-unknown']);
    assert.equal(r.counts.people, 1);
  });

  it('names unreadable content and empty maps', () => {
    const bin = checkIdentityMap({ bytes: new Uint8Array([0, 1, 2, 0, 0, 0, 7]) });
    assert.equal(bin.readable, false);
    assert.deepEqual(ids(bin), ['map-encoding']);
    assert.deepEqual(ids(checkIdentityMap({ text: 'Source,Target\n' })), ['map-empty']);
    assert.deepEqual(ids(checkIdentityMap({ text: '' })), ['map-empty']);
  });

  it('summarises without addresses, for the plan and the evidence pack', () => {
    const r = checkIdentityMap({ text: 'Source,Target\na@contoso.com,a@contoso.com\nb@contoso.com,b@fabrikam.com\n', fileName: 'people.csv' });
    const s = summariseIdentityMap(r);
    assert.deepEqual(s, {
      fileName: 'people.csv', layout: 'identity-map', readable: true,
      counts: { people: 1, environments: 1, mailboxes: 1, onedrive: 1 }, errors: 1, warnings: 0,
      problemCounts: [{ checkId: 'map-same-as-source', severity: 'error', count: 1 }],
    });
    assert.equal(identityCountsForChecks(r), null);
  });
});

describe('identity map: exports, byte for byte', () => {
  const report = checkIdentityMap({ text: CANONICAL });

  it('usermapping: Source,Destination header, people in environments, CRLF', () => {
    const e = exportIdentityMap(report, 'usermapping');
    assert.ok(e.ok);
    assert.equal(e.fileName, 'usermapping.csv');
    assert.equal(e.text, 'Source,Destination\r\nadele@contoso.onmicrosoft.com,adele@fabrikam.onmicrosoft.com\r\nmegan@contoso.onmicrosoft.com,megan@fabrikam.onmicrosoft.com\r\n');
  });

  it('exchange-batch: EmailAddress header, target e-mail (or Target) of people in mailboxes', () => {
    const e = exportIdentityMap(report, 'exchange-batch');
    assert.ok(e.ok);
    assert.equal(e.text, 'EmailAddress\r\nadele.vance@fabrikam.com\r\nalex.w@fabrikam.com\r\n');
  });

  it('exchange-validation: SourceUser,TargetUser', () => {
    const e = exportIdentityMap(report, 'exchange-validation');
    assert.ok(e.ok);
    assert.equal(e.fileName, 'exchange-validation.csv');
    assert.equal(e.text, 'SourceUser,TargetUser\r\nadele.vance@contoso.com,adele.vance@fabrikam.com\r\nalex@contoso.onmicrosoft.com,alex.w@fabrikam.com\r\n');
  });

  it('onedrive: six columns, no header, the source tenant id; refused without a GUID', () => {
    const e = exportIdentityMap(report, 'onedrive', { sourceTenantId: TENANT.toUpperCase() });
    assert.ok(e.ok);
    assert.equal(e.text,
      `User,${TENANT},adele@contoso.onmicrosoft.com,adele@fabrikam.onmicrosoft.com,adele.vance@fabrikam.com,User\r\n`
      + `User,${TENANT},alex@contoso.onmicrosoft.com,alex@fabrikam.onmicrosoft.com,alex.w@fabrikam.com,User\r\n`);
    const missing = exportIdentityMap(report, 'onedrive');
    assert.equal(missing.ok, false);
    assert.equal(exportIdentityMap(report, 'onedrive', { sourceTenantId: 'contoso.com' }).ok, false);
  });

  it('a usermapping.csv read as a map exports the same corrected file the mapping checker makes', () => {
    const r = checkIdentityMap({ text: '\uFEFFsource , destination\n "a@contoso.com" ,a@fabrikam.com\n' });
    const e = exportIdentityMap(r, 'usermapping');
    assert.ok(e.ok);
    assert.equal(e.text, 'Source,Destination\r\na@contoso.com,a@fabrikam.com\r\n');
  });

  it('exports nothing from a map with errors, or for a workstream nobody is in', () => {
    const bad = checkIdentityMap({ text: 'Source,Target\na@contoso.com,a@contoso.com\n' });
    const e = exportIdentityMap(bad, 'exchange-batch');
    assert.deepEqual(e, { ok: false, format: 'exchange-batch', message: 'The identity map has 1 error: fix it first; nothing is exported from a map with errors.' });
    const none = exportIdentityMap(checkIdentityMap({ text: 'Source,Target,Workstreams\na@contoso.com,a@fabrikam.com,mailboxes\n' }), 'usermapping');
    assert.equal(none.ok, false);
  });
});

describe('identity map: Excel workbooks', () => {
  it('reads the first sheet of an .xlsx like CSV lines', async () => {
    const bytes = xlsx([
      ['Source', 'Target', 'TargetObjectId', 'Workstreams'],
      ['ada@contoso.com', 'ada@fabrikam.com', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'mailboxes'],
      [null, null, null, null],
      ['bob@contoso.com', 'bob@fabrikam.com', 12345, null],
    ]);
    const r = await readIdentityMap({ bytes, fileName: 'people.xlsx' });
    assert.equal(r.encoding, 'xlsx-read');
    assert.deepEqual(ids(r), ['id-object-id-format']);
    assert.deepEqual(r.problems[0].lines, [4]);
    assert.equal(r.counts.people, 1);
  });

  it('reads two bare columns of addresses as Source and Target', async () => {
    const r = await readIdentityMap({ bytes: xlsx([['a@contoso.com', 'a@fabrikam.com'], ['b@contoso.com', 'b@fabrikam.com']]) });
    assert.equal(r.errors, 0);
    assert.equal(r.counts.people, 2);
    const e = exportIdentityMap(r, 'usermapping');
    assert.ok(e.ok && e.text === 'Source,Destination\r\na@contoso.com,a@fabrikam.com\r\nb@contoso.com,b@fabrikam.com\r\n');
  });

  it('refuses a damaged workbook and a zip that would unpack to too much, without throwing', async () => {
    const damaged = await readIdentityMap({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) });
    assert.equal(damaged.readable, false);
    assert.match(damaged.problems[0].message, /damaged or not an Excel file/);
    const bomb = zip({ 'xl/worksheets/sheet1.xml': new Uint8Array(101 * 1024 * 1024) });
    assert.ok(declaredUnpackedSize(bomb)! > 100 * 1024 * 1024);
    const r = await readIdentityMap({ bytes: bomb });
    assert.equal(r.readable, false);
    assert.match(r.problems[0].message, /unpacks to far more data/);
  });
});
