import assert from 'node:assert/strict';
import { isDnsName, isGuid, psLiteral, quotePowerShell } from '../../src/domain/powershell.js';

describe('PowerShell literals', () => {
  const table: Array<[string, string]> = [
    ['contoso.onmicrosoft.com', "'contoso.onmicrosoft.com'"],
    ["O'Brien", "'O''Brien'"],
    ['$(Remove-Item C:\\ -Recurse)', "'$(Remove-Item C:\\ -Recurse)'"],
    ['a`b; c | d & e', "'a`b; c | d & e'"],
    ['\u2018smart\u2019', "'\u2018\u2018smart\u2019\u2019'"],
    ['\u201Alow\u201B', "'\u201A\u201Alow\u201B\u201B'"],
    ['', "''"],
  ];
  for (const [value, expected] of table) {
    it(`quotes ${JSON.stringify(value)}`, () => assert.equal(psLiteral(value), expected));
  }

  for (const value of ['a\nb', 'a\r\nb', 'a\u0000b', 'a\u2028b', 'a\u0085b', 'tab\there']) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      const quoted = quotePowerShell(value);
      assert.equal(quoted.ok, false);
      assert.throws(() => psLiteral(value));
    });
  }

  it('every quote inside a literal is doubled, so the literal never ends early', () => {
    const hostile = "x'; Invoke-Expression 'evil";
    const text = psLiteral(hostile);
    // Strip the outer quotes: what remains holds quote characters only in doubled pairs.
    const inner = text.slice(1, -1);
    assert.equal(inner.replace(/''/g, ''), "x; Invoke-Expression evil");
  });

  it('recognises GUIDs and DNS names', () => {
    assert.ok(isGuid('11111111-2222-3333-4444-555555555555'));
    assert.ok(!isGuid("11111111-2222-3333-4444-555555555555'"));
    assert.ok(isDnsName('contoso.onmicrosoft.com'));
    assert.ok(!isDnsName('contoso'));
    assert.ok(!isDnsName("contoso.com'; rm"));
  });
});
