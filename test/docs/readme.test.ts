import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';
import { assessInput } from '../../src/domain/assessment/index.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

describe('README', () => {
  it('states the verdict each example profile really gets', () => {
    const rows = [...readme.matchAll(/^\| `(examples\/[a-z-]+\.json)` \| `([a-z-]+)` \|$/gm)];
    assert.ok(rows.length >= 3, 'the README lists the example profiles');
    for (const [, file, verdict] of rows) {
      const outcome = assessInput(JSON.parse(readFileSync(join(projectRoot, file!), 'utf8')));
      assert.ok(outcome.ok, `${file} is a valid profile`);
      assert.equal(outcome.assessment.verdict, verdict, file);
    }
  });

  it('quick start has one command to install and start, and the test command CI runs', () => {
    assert.match(readme, /npm ci && npm start/);
    const ci = readFileSync(join(projectRoot, '.ci', 'run'), 'utf8');
    assert.match(readme, /^npm test\b/m);
    assert.match(ci, /npm test/);
  });

  it('every npm script it mentions exists', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const mentioned = [...readme.matchAll(/npm run (?:--silent )?([a-z:-]+)/g)].map((m) => m[1]!);
    assert.deepEqual(mentioned.filter((s) => !scripts.includes(s)), []);
  });
});
