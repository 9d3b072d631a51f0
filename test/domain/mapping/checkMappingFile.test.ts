import assert from 'node:assert/strict';
import {
  MAPPING_CHECK_IDS, MAPPING_CHECKS, checkMappingFile, type CheckMappingInput, type MappingReport,
} from '../../../src/domain/mapping/index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const file = (text: string, extra: Partial<CheckMappingInput> = {}): MappingReport =>
  checkMappingFile({ fileName: 'usermapping.csv', bytes: utf8(text), ...extra });

/** "checkId@lines" for every problem, in the report's order. */
const found = (report: MappingReport): string[] => report.problems.map((p) => `${p.checkId}@${p.lines.join(',')}`);

// Every id any case below expects; the last test proves each check in the catalogue is covered.
const covered = new Set<string>();

interface Case {
  name: string;
  input: CheckMappingInput;
  /** Exactly the problems expected, as "checkId@lines", in any order. */
  problems: string[];
  mappedUsers?: number;
  then?: (report: MappingReport) => void;
}

const xlsxBytes = new Uint8Array([
  0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00,
  ...utf8('[Content_Types].xml'), 0x00, 0x00, 0x01, 0x02,
]);
const xlsBytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0x3e, 0x00, 0x03, 0x00]);
const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

const cases: Case[] = [
  {
    name: 'a clean file with the documented header',
    input: { fileName: 'usermapping.csv', bytes: utf8('Source,Destination\na@contoso.com,a@fabrikam.com\nb@contoso.com,b@fabrikam.com\n') },
    problems: [],
    mappedUsers: 2,
    then: (r) => assert.deepEqual(r.header, { kind: 'standard', line: 1, text: 'Source,Destination' }),
  },
  {
    name: 'a clean file without a header (the older instructions)',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com\nb@contoso.com,b@fabrikam.com') },
    problems: [],
    mappedUsers: 2,
    then: (r) => assert.equal(r.header.kind, 'none'),
  },
  {
    name: "Microsoft's documented example lines pass with only a spaces warning",
    input: {
      fileName: 'usermapping.csv',
      bytes: utf8('user001@source.com, user001@destination.com\nuser002@source.com, user002@destination.com\nuser003@source.com, user003@destination.com\n'),
    },
    problems: ['map-whitespace@1,2,3'],
    mappedUsers: 3,
    then: (r) => assert.equal(r.errors, 0),
  },
  {
    name: 'CRLF line ends',
    input: { fileName: 'usermapping.csv', bytes: utf8('Source,Destination\r\na@contoso.com,a@fabrikam.com\r\nb@contoso.com,b@fabrikam.com\r\n') },
    problems: [],
    mappedUsers: 2,
    then: (r) => {
      assert.equal(r.lineCount, 3);
      assert.equal(r.rows[1].destination, 'b@fabrikam.com');
    },
  },
  {
    name: 'lone CR line ends (CSV for Macintosh) and mixed line ends',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com\rb@contoso.com,b@fabrikam.com\r\nc@contoso.com,c@fabrikam.com\n') },
    problems: [],
    mappedUsers: 3,
    then: (r) => assert.deepEqual(r.rows.map((row) => row.line), [1, 2, 3]),
  },
  {
    name: 'a UTF-8 byte-order mark is tolerated and reported; the header is still found',
    input: { fileName: 'usermapping.csv', bytes: utf8('\uFEFFSource,Destination\r\na@contoso.com,a@fabrikam.com\r\n') },
    problems: ['map-bom@1'],
    mappedUsers: 1,
    then: (r) => {
      assert.equal(r.encoding, 'utf-8-bom');
      assert.equal(r.header.kind, 'standard');
    },
  },
  {
    name: 'quoted fields are unquoted and reported',
    input: { fileName: 'usermapping.csv', bytes: utf8('"Source","Destination"\n"a@contoso.com","a@fabrikam.com"\nb@contoso.com,"b@fabrikam.com"\n') },
    problems: ['map-header@1', 'map-quotes@2,3'],
    mappedUsers: 2,
    then: (r) => {
      assert.equal(r.header.kind, 'variant');
      assert.equal(r.rows[0].source, 'a@contoso.com');
    },
  },
  {
    name: 'a quoted value holding a comma stays one value (and is not an address)',
    input: { fileName: 'usermapping.csv', bytes: utf8('"Vance, Adele <adele@contoso.com>",adele@fabrikam.com\n') },
    problems: ['map-quotes@1', 'map-email-format@1'],
    mappedUsers: 0,
    then: (r) => {
      const p = r.problems.find((x) => x.checkId === 'map-email-format')!;
      assert.match(p.message, /display name/);
      assert.equal(p.fix, 'Keep only the address: adele@contoso.com.');
    },
  },
  {
    name: 'semicolons are detected and named, header included',
    input: { fileName: 'usermapping.csv', bytes: utf8('Source;Destination\na@contoso.com;a@fabrikam.com\nb@contoso.com;b@fabrikam.com\n') },
    problems: ['map-separator@1,2,3', 'map-header@1'],
    mappedUsers: 2,
    then: (r) => {
      const p = r.problems.find((x) => x.checkId === 'map-separator')!;
      assert.match(p.message, /semicolon \(;\)/);
      assert.equal(p.microsoftMessage, 'The User mapping file provided for Tenant To Tenant migration is invalid');
    },
  },
  {
    name: 'tabs are detected and named',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com\ta@fabrikam.com\nb@contoso.com,b@fabrikam.com\n') },
    problems: ['map-separator@1'],
    mappedUsers: 2,
    then: (r) => assert.match(r.problems[0].message, /a tab/),
  },
  {
    name: 'two addresses separated by spaces',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com   a@fabrikam.com\n') },
    problems: ['map-separator@1'],
    mappedUsers: 1,
    then: (r) => assert.match(r.problems[0].message, /spaces/),
  },
  {
    name: "an .xlsx workbook's bytes are refused with the save-as advice",
    input: { fileName: 'usermapping.xlsx', bytes: xlsxBytes },
    problems: ['map-filename@', 'map-encoding@'],
    mappedUsers: 0,
    then: (r) => {
      assert.equal(r.readable, false);
      assert.equal(r.encoding, 'xlsx');
      assert.deepEqual(r.rows, []);
      const enc = r.problems.find((p) => p.checkId === 'map-encoding')!;
      assert.match(enc.message, /Excel workbook/);
      assert.match(enc.fix, /CSV UTF-8/);
      assert.match(r.problems.find((p) => p.checkId === 'map-filename')!.fix, /Save it as "CSV UTF-8/);
    },
  },
  {
    name: 'an Excel 97-2003 workbook is refused',
    input: { fileName: 'usermapping.csv', bytes: xlsBytes },
    problems: ['map-encoding@'],
    then: (r) => assert.equal(r.encoding, 'xls'),
  },
  {
    name: 'UTF-16 ("Unicode Text") is refused, with or without a BOM',
    input: { fileName: 'usermapping.csv', bytes: new Uint8Array(Buffer.from('\uFEFFa@contoso.com,a@fabrikam.com\r\n', 'utf16le')) },
    problems: ['map-encoding@'],
    then: (r) => {
      assert.equal(r.encoding, 'utf-16');
      const noBom = file('');
      assert.equal(noBom.encoding, 'utf-8');
      const bare = checkMappingFile({ bytes: new Uint8Array(Buffer.from('a@contoso.com,a@fabrikam.com\r\n', 'utf16le')) });
      assert.equal(bare.encoding, 'utf-16');
      assert.equal(bare.readable, false);
    },
  },
  {
    name: 'binary content is refused',
    input: { fileName: 'usermapping.csv', bytes: pngBytes },
    problems: ['map-encoding@'],
    then: (r) => assert.equal(r.encoding, 'binary'),
  },
  {
    name: 'a web page (the mobile share-link case) is refused',
    input: { fileName: 'usermapping.csv', bytes: utf8('<!DOCTYPE html><html><body>Sign in</body></html>') },
    problems: ['map-encoding@'],
    then: (r) => {
      assert.equal(r.encoding, 'html');
      assert.match(r.problems[0].message, /web page/);
    },
  },
  {
    name: 'text in a Windows code page: the lines with non-UTF-8 bytes are named',
    input: {
      fileName: 'usermapping.csv',
      bytes: new Uint8Array([...utf8('a@contoso.com,a@fabrikam.com\nJos'), 0xe9, ...utf8('@contoso.com,jose@fabrikam.com\n')]),
    },
    problems: ['map-encoding@2', 'map-email-format@2'],
    mappedUsers: 1,
    then: (r) => assert.equal(r.encoding, 'not-utf-8'),
  },
  {
    name: 'an empty file (0 bytes)',
    input: { fileName: 'usermapping.csv', bytes: new Uint8Array(0) },
    problems: ['map-empty@'],
    mappedUsers: 0,
    then: (r) => {
      assert.equal(r.lineCount, 0);
      assert.equal(r.problems[0].message, 'The file is empty.');
    },
  },
  {
    name: 'one line: the header alone',
    input: { fileName: 'usermapping.csv', bytes: utf8('Source,Destination\n') },
    problems: ['map-empty@'],
    then: (r) => assert.match(r.problems[0].message, /header line but no users/),
  },
  {
    name: 'one line: a single mapping without a final line break',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com') },
    problems: [],
    mappedUsers: 1,
    then: (r) => assert.equal(r.lineCount, 1),
  },
  {
    name: 'blank lines only',
    input: { fileName: 'usermapping.csv', bytes: utf8('\n  \n\t\n') },
    problems: ['map-empty@', 'map-blank-line@1,2,3'],
  },
  {
    name: 'blank lines, whitespace-only lines and rows of bare commas',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com\n\n   \n,\n,,,\nb@contoso.com,b@fabrikam.com\n\n') },
    problems: ['map-blank-line@2,3,4,5,7'],
    mappedUsers: 2,
  },
  {
    name: 'one value, more than two values, trailing commas',
    input: {
      fileName: 'usermapping.csv',
      bytes: utf8('a@contoso.com\nb@contoso.com,b@fabrikam.com,Adele Vance\nc@contoso.com,c@fabrikam.com,,\n,d@contoso.com,d@fabrikam.com\n'),
    },
    problems: ['map-columns@1', 'map-columns@2,4', 'map-columns@3'],
    mappedUsers: 1,
    then: (r) => {
      const msgs = r.problems.map((p) => p.microsoftMessage);
      assert.ok(msgs.includes("Each line must have exactly two columns: '2, 4'"));
      assert.match(r.problems.find((p) => p.lines[0] === 3)!.message, /Extra commas at the end of 1 line/);
      assert.deepEqual(r.rows.map((row) => row.rejectedBy), ['map-columns', 'map-columns', null, 'map-columns']);
    },
  },
  {
    name: 'invalid addresses are named, grouped by value, with Microsoft\'s message',
    input: {
      fileName: 'usermapping.csv',
      bytes: utf8('Adele Vance,adele@fabrikam.com\nbob@contoso,bob@fabrikam.com\nbob@contoso,robert@fabrikam.com\ncarol@contoso.com,\n'),
    },
    problems: ['map-email-format@1', 'map-email-format@2,3', 'map-email-format@4'],
    mappedUsers: 0,
    then: (r) => {
      const bob = r.problems.find((p) => p.lines.length === 2)!;
      assert.equal(bob.message, 'The source "bob@contoso" is not a valid address: the domain "contoso" has no dot.');
      assert.equal(bob.microsoftMessage, "Invalid Email Format 'bob@contoso'");
      const empty = r.problems.find((p) => p.lines[0] === 4)!;
      assert.match(empty.message, /destination "" is not a valid address: the cell is empty/);
      assert.equal(empty.microsoftMessage, null);
    },
  },
  {
    name: 'stray spaces, no-break spaces and zero-width spaces around values',
    input: { fileName: 'usermapping.csv', bytes: utf8(' a@contoso.com,a@fabrikam.com\u00a0\nb@contoso.com,\u200bb@fabrikam.com\nc@contoso.com,c@fabrikam.com\n') },
    problems: ['map-whitespace@1,2'],
    mappedUsers: 3,
    then: (r) => assert.equal(r.rows[1].destination, 'b@fabrikam.com'),
  },
  {
    name: 'duplicate sources (case-insensitive) list every line involved',
    input: {
      fileName: 'usermapping.csv',
      bytes: utf8('a@contoso.com,a@fabrikam.com\nb@contoso.com,b@fabrikam.com\nA@Contoso.com,a2@fabrikam.com\na@contoso.com,a3@fabrikam.com\n'),
    },
    problems: ['map-dup-source@1,3,4'],
    mappedUsers: 1,
    then: (r) => {
      assert.equal(r.problems[0].microsoftMessage, "Line '1, 3, 4' have the same 'a@contoso.com'");
      assert.match(r.problems[0].message, /source on 3 lines, mapped to 3 different destinations/);
    },
  },
  {
    name: 'duplicate destinations (case-insensitive) list every line involved',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,x@fabrikam.com\nb@contoso.com,X@FABRIKAM.COM\nc@contoso.com,c@fabrikam.com\n') },
    problems: ['map-dup-destination@1,2'],
    mappedUsers: 1,
    then: (r) => assert.equal(r.problems[0].microsoftMessage, "Line '1, 2' have the same 'x@fabrikam.com'"),
  },
  {
    name: 'a repeated line is one duplicate, not two',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com\nb@contoso.com,b@fabrikam.com\na@contoso.com,A@fabrikam.com\n') },
    problems: ['map-dup-source@1,3'],
    mappedUsers: 2,
    then: (r) => assert.match(r.problems[0].message, /appears 2 times/),
  },
  {
    name: 'destination equal to source (case-insensitive)',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com\nb@contoso.com,B@Contoso.com\n') },
    problems: ['map-same-as-source@2'],
    mappedUsers: 1,
    then: (r) => assert.equal(r.problems[0].microsoftMessage, "Target on line '2' is same as source email ID"),
  },
  {
    name: 'tenant domains: foreign domains are warnings grouped by domain; subdomains belong to the tenant',
    input: {
      fileName: 'usermapping.csv',
      bytes: utf8('a@contoso.com,a@fabrikam.com\nb@sales.contoso.com,b@fabrikam.com\nc@litware.com,c@fabrikam.com\nd@litware.com,d@fabrikam.onmicrosoft.com\ne@contoso.com,e@contoso.net\n'),
      sourceDomains: ['Contoso.com', ' contoso.onmicrosoft.com '],
      destinationDomains: ['@fabrikam.com', 'fabrikam.onmicrosoft.com'],
    },
    problems: ['map-src-domain@3,4', 'map-dst-domain@5'],
    mappedUsers: 5,
    then: (r) => {
      assert.deepEqual(r.sourceDomains, ['contoso.com', 'contoso.onmicrosoft.com']);
      assert.deepEqual(r.destinationDomains, ['fabrikam.com', 'fabrikam.onmicrosoft.com']);
      assert.match(r.problems[0].message, /2 source addresses use the domain litware\.com/);
      assert.equal(r.errors, 0);
    },
  },
  {
    name: 'tenant domains: swapped columns are pointed out',
    input: {
      fileName: 'usermapping.csv',
      bytes: utf8('a@fabrikam.com,a@contoso.com\n'),
      sourceDomains: ['contoso.com'],
      destinationDomains: ['fabrikam.com'],
    },
    problems: ['map-src-domain@1', 'map-dst-domain@1'],
    then: (r) => assert.match(r.problems[0].message, /are the columns swapped\?/),
  },
  {
    name: 'tenant domains unknown: no domain checks',
    input: { fileName: 'usermapping.csv', bytes: utf8('a@litware.com,a@litware.net\n'), sourceDomains: [], destinationDomains: [] },
    problems: [],
  },
  {
    name: 'file name in the wrong case',
    input: { fileName: 'UserMapping.csv', bytes: utf8('a@contoso.com,a@fabrikam.com\n') },
    problems: ['map-filename@'],
    then: (r) => {
      assert.match(r.problems[0].message, /"UserMapping\.csv".*case-sensitive/);
      assert.equal(r.problems[0].microsoftMessage, 'The User mapping file provided for Tenant To Tenant migration is invalid');
    },
  },
  {
    name: 'file name renamed by a second upload',
    input: { fileName: 'usermapping (1).csv', bytes: utf8('a@contoso.com,a@fabrikam.com\n') },
    problems: ['map-filename@'],
    then: (r) => assert.match(r.problems[0].message, /"usermapping \(1\)\.csv"/),
  },
  {
    name: 'pasted text: no file name and no encoding checks',
    input: { text: 'Source,Destination\r\na@contoso.com,a@fabrikam.com' },
    problems: [],
    mappedUsers: 1,
    then: (r) => {
      assert.equal(r.fileName, null);
      assert.equal(r.encoding, 'text');
    },
  },
  {
    name: 'a header with spaces or another case is a variant',
    input: { text: ' Source , Destination \na@contoso.com,a@fabrikam.com\n' },
    problems: ['map-header@1'],
    then: (r) => {
      assert.equal(r.header.kind, 'variant');
      assert.equal(r.header.text, 'Source , Destination');
    },
  },
  {
    name: 'another header (the community toolkit\'s) is reported as not Microsoft\'s',
    input: { text: 'SourceUpn,TargetUpn\na@contoso.com,a@fabrikam.com\n' },
    problems: ['map-header@1'],
    mappedUsers: 1,
    then: (r) => {
      assert.equal(r.header.kind, 'other');
      assert.match(r.problems[0].message, /"SourceUpn,TargetUpn" looks like a header/);
    },
  },
  {
    name: "Excel's single-column header is a header with the wrong column count",
    input: { text: 'Windows Live ID\na@contoso.com,a@fabrikam.com\n' },
    problems: ['map-header@1', 'map-columns@1'],
  },
  {
    name: 'a first line of names is data, not a header',
    input: { text: 'adele,alex\n' },
    problems: ['map-email-format@1', 'map-email-format@1'],
    then: (r) => assert.equal(r.header.kind, 'none'),
  },
];

describe('mapping file checks (table)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const report = checkMappingFile(c.input);
      assert.deepEqual([...found(report)].sort(), [...c.problems].sort());
      for (const p of c.problems) covered.add(p.split('@')[0]);
      if (c.mappedUsers !== undefined) assert.equal(report.mappedUsers, c.mappedUsers);
      assert.equal(report.errors, report.problems.filter((p) => p.severity === 'error').length);
      assert.equal(report.warnings, report.problems.length - report.errors);
      for (const p of report.problems) {
        assert.equal(p.severity, MAPPING_CHECKS[p.checkId].severity, `${p.checkId} keeps its catalogue severity`);
        assert.ok(p.message.length > 0 && p.fix.length > 0);
      }
      c.then?.(report);
    });
  }

  it('covers every check in the catalogue', () => {
    assert.deepEqual(MAPPING_CHECK_IDS.filter((id) => !covered.has(id)), []);
  });
});

describe('address format', () => {
  const valid = ["o'brien@contoso.com", 'first.last+tag@sub.contoso.co.uk', 'user_1@xn--bcher-kva.example', 'A.B-C@Contoso.COM'];
  const invalid: Array<[string, RegExp]> = [
    ['mailto:a@contoso.com', /starts with "mailto:"/],
    ['a b@contoso.com', /contains a space/],
    ['adele.contoso.com', /has no @/],
    ['a@b@contoso.com', /more than one @/],
    ['josé@contoso.com', /outside plain ASCII/],
    ['.adele@contoso.com', /starts or ends with a dot/],
    ['adele..vance@contoso.com', /two dots in a row/],
    ['@contoso.com', /nothing comes before the @/],
    ['adele@', /nothing comes after the @/],
    ['adele@contoso.c', /not in the form name@domain/],
    ['adele"@contoso.com', /quotation mark/],
  ];
  for (const v of valid) {
    it(`accepts ${v}`, () => {
      assert.deepEqual(found(file(`${v},x@fabrikam.com\n`)), []);
    });
  }
  for (const [v, why] of invalid) {
    it(`rejects ${v}`, () => {
      const r = file(`${v},x@fabrikam.com\n`);
      const p = r.problems.find((x) => x.checkId === 'map-email-format');
      assert.ok(p, `expected an email format problem for ${v}`);
      assert.match(p.message, why);
    });
  }
});

describe('mapping report order and shape', () => {
  it('lists errors before warnings, then by line', () => {
    const r = file(' a@contoso.com,a@fabrikam.com\n\nb@contoso.com;b@fabrikam.com\nc@contoso.com,c@contoso.com\n');
    assert.deepEqual(found(r), ['map-separator@3', 'map-same-as-source@4', 'map-whitespace@1', 'map-blank-line@2']);
  });

  it('cuts very long values in messages but keeps them whole in the rows', () => {
    const long = `${'x'.repeat(300)}@contoso.com`;
    const r = file(`${long},a@fabrikam.com\n`);
    assert.ok(r.problems[0].message.length < 250);
    assert.equal(r.rows[0].source, long);
  });

  it('checks a large file completely (50,000 lines with planted mistakes)', () => {
    const lines = ['Source,Destination'];
    for (let i = 1; i <= 50_000; i++) lines.push(`user${i}@contoso.com,user${i}@fabrikam.com`);
    lines[10_000] = 'user10000@contoso.com;user10000@fabrikam.com';
    lines[20_000] = 'user1@contoso.com,someone@fabrikam.com';
    lines[30_000] = 'user30000@contoso.com,user30000@contoso.com';
    lines[40_000] = 'user40000@contoso.com user40000@fabrikam.com,';
    const r = file(lines.join('\r\n'), { sourceDomains: ['contoso.com'], destinationDomains: ['fabrikam.com'] });
    assert.equal(r.lineCount, 50_001);
    assert.equal(r.dataRows, 50_000);
    assert.deepEqual([...found(r)].sort(), [
      'map-dst-domain@30001', 'map-dup-source@2,20001', 'map-email-format@40001', 'map-email-format@40001',
      'map-same-as-source@30001',
      'map-separator@10001',
    ]);
    // Lost: the two conflicting lines, the self-mapping and the malformed line.
    assert.equal(r.mappedUsers, 50_000 - 4);
  });
});
