import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VERDICTS, parseProfileJson, assess } from '../../../src/domain/assessment/index.js';
import { PROJECT_ROOT } from './projectRoot.js';

/** The examples table in docs/assessment.md: | `examples/x.json` | `verdict` | ... | */
async function documentedExamples(): Promise<Array<[string, string]>> {
  const doc = await readFile(join(PROJECT_ROOT, 'docs/assessment.md'), 'utf8');
  return [...doc.matchAll(/^\| `(examples\/[\w-]+\.json)` \| `([a-z-]+)` \|/gm)].map((m) => [m[1], m[2]]);
}

describe('example profiles', () => {
  it('every example is documented with a verdict, and every verdict has an example', async () => {
    const documented = await documentedExamples();
    const files = (await readdir(join(PROJECT_ROOT, 'examples'))).filter((f) => f.endsWith('.json')).map((f) => `examples/${f}`);
    assert.deepEqual(documented.map(([file]) => file).sort(), files.sort());
    assert.deepEqual(documented.map(([, verdict]) => verdict).sort(), [...VERDICTS].sort());
  });

  it('each example gives the verdict the documentation claims', async () => {
    for (const [file, verdict] of await documentedExamples()) {
      const validation = parseProfileJson(await readFile(join(PROJECT_ROOT, file), 'utf8'));
      if (!validation.ok) assert.fail(`${file}: ${JSON.stringify(validation.issues)}`);
      assert.equal(assess(validation.profile).verdict, verdict, file);
    }
  });

  it('every finding of every example says how sure it is and how old its source is', async () => {
    let inferred = 0;
    for (const [file] of await documentedExamples()) {
      const validation = parseProfileJson(await readFile(join(PROJECT_ROOT, file), 'utf8'));
      if (!validation.ok) assert.fail(file);
      for (const finding of assess(validation.profile).findings) {
        assert.ok(finding.basis === 'documented' || finding.basis === 'inferred', `${file} ${finding.ruleId}`);
        assert.match(finding.sourceDate, /^20\d\d-[01]\d-[0-3]\d$/, `${file} ${finding.ruleId}`);
        if (finding.basis === 'inferred') inferred += 1;
      }
    }
    assert.ok(inferred > 0, 'at least one example shows an inferred finding');
  });
});
