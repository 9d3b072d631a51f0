import assert from 'node:assert/strict';
import { checkMappingFile, normaliseMappingFile } from '../../../src/domain/mapping/index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('corrected mapping file', () => {
  const messy = [
    '\uFEFF source ; destination ',
    'user001@source.com, user001@destination.com',
    '',
    '"user002@source.com";"user002@destination.com"',
    'user003@source.com\tuser003@destination.com',
    'user004@source.com,user004@destination.com,,',
    'user001@source.com,USER001@destination.com',
    'user005@source.com,user005@destination.com',
    'USER005@source.com,someone@destination.com',
    'user006@source.com,user006@source.com',
    'user007@source.com,shared@destination.com',
    'user008@source.com,Shared@destination.com',
    'Adele Vance <adele@source.com>,adele@destination.com',
    'user009@source.com',
    'user010@source.com,user010@destination.com',
  ].join('\r\n');

  it('is trimmed, unquoted, comma-separated, with the documented header, and lists what it left out', () => {
    const report = checkMappingFile({ fileName: 'User Mapping.csv', bytes: utf8(messy) });
    const fixed = normaliseMappingFile(report);
    assert.ok(fixed);
    assert.equal(fixed.fileName, 'usermapping.csv');
    assert.equal(fixed.csv, [
      'Source,Destination',
      'user001@source.com,user001@destination.com',
      'user002@source.com,user002@destination.com',
      'user003@source.com,user003@destination.com',
      'user004@source.com,user004@destination.com',
      'user010@source.com,user010@destination.com',
      '',
    ].join('\r\n'));
    assert.equal(fixed.rows, 5);
    assert.equal(report.mappedUsers, fixed.rows);
    assert.deepEqual(fixed.removed.map((r) => [r.line, r.checkId]), [
      [7, 'map-dup-source'],
      [8, 'map-dup-source'],
      [9, 'map-dup-source'],
      [10, 'map-same-as-source'],
      [11, 'map-dup-destination'],
      [12, 'map-dup-destination'],
      [13, 'map-email-format'],
      [14, 'map-columns'],
    ]);
    assert.equal(fixed.removed[0].reason, 'it repeats line 2');
    assert.equal(fixed.removed[1].reason, 'user005@source.com is mapped to different destinations on lines 8, 9');
    assert.equal(fixed.removed[6].reason, '"Adele Vance <adele@source.com>" is not a valid address');
    assert.equal(fixed.removed[6].source, 'Adele Vance <adele@source.com>');
  });

  it('passes every check when checked again', () => {
    const fixed = normaliseMappingFile(checkMappingFile({ fileName: 'x.csv', bytes: utf8(messy) }));
    assert.ok(fixed);
    const again = checkMappingFile({ fileName: fixed.fileName, bytes: utf8(fixed.csv) });
    assert.deepEqual(again.problems, []);
    assert.equal(again.mappedUsers, fixed.rows);
    assert.equal(again.header.kind, 'standard');
  });

  const conflicts: Array<[string, string, string[], string[]]> = [
    ['a self-mapping beside another line for that source is a conflict too',
      'a@contoso.com,a@contoso.com\na@contoso.com,b@fabrikam.com\nc@contoso.com,c@fabrikam.com',
      ['map-same-as-source@1', 'map-dup-source@1,2'], ['1:map-same-as-source', '2:map-dup-source']],
    ['a destination shared with a conflicting source is in doubt as well',
      'a@contoso.com,x@fabrikam.com\na@contoso.com,y@fabrikam.com\nc@contoso.com,x@fabrikam.com\nd@contoso.com,d@fabrikam.com',
      ['map-dup-source@1,2', 'map-dup-destination@1,3'], ['1:map-dup-source', '2:map-dup-source', '3:map-dup-destination']],
    ['a repeated line and a third line for its destination',
      'a@contoso.com,x@fabrikam.com\na@contoso.com,x@fabrikam.com\nb@contoso.com,x@fabrikam.com',
      ['map-dup-source@1,2', 'map-dup-destination@1,3'], ['1:map-dup-destination', '2:map-dup-source', '3:map-dup-destination']],
  ];
  for (const [name, text, problems, removed] of conflicts) {
    it(`checks and corrected file agree: ${name}`, () => {
      const report = checkMappingFile({ text });
      assert.deepEqual(report.problems.map((p) => `${p.checkId}@${p.lines.join(',')}`).sort(), [...problems].sort());
      const fixed = normaliseMappingFile(report);
      assert.deepEqual(fixed?.removed.map((r) => `${r.line}:${r.checkId}`), removed);
      assert.equal(fixed?.rows, report.mappedUsers);
    });
  }

  it('keeps the addresses as written (case included)', () => {
    const fixed = normaliseMappingFile(checkMappingFile({ text: 'Adele.Vance@Contoso.com,ADELE@fabrikam.com' }));
    assert.equal(fixed?.csv, 'Source,Destination\r\nAdele.Vance@Contoso.com,ADELE@fabrikam.com\r\n');
  });

  it('is just the header when no line can be kept', () => {
    const fixed = normaliseMappingFile(checkMappingFile({ text: 'a@contoso.com,a@contoso.com\n' }));
    assert.equal(fixed?.csv, 'Source,Destination\r\n');
    assert.equal(fixed?.rows, 0);
    assert.equal(fixed?.removed.length, 1);
  });

  it('is not offered for content that could not be read', () => {
    const report = checkMappingFile({ fileName: 'usermapping.csv', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]) });
    assert.equal(normaliseMappingFile(report), null);
  });
});
