import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '9c9d0b7e-1111-4e6c-9a52-6b2a1f0c2d3e';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  return [];
}

describe('config', () => {
  it('runs on embedded defaults in anonymous local mode', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.anonymous, true);
    assert.equal(c.storageKind, 'lowdb');
    assert.equal(c.transcriptRetentionDays, 30);
    assert.equal(c.proactiveTimeoutMs, 15000);
    assert.equal(loadConfig({ PROACTIVE_TIMEOUT_MS: '2500' }).proactiveTimeoutMs, 2500);
    assert.ok(c.dataDir.endsWith('data'));
    assert.ok(Object.isFrozen(c));
  });

  it('accepts a network-wide HOST once credentials are set', () => {
    const c = loadConfig({ HOST: '0.0.0.0', MicrosoftAppId: GUID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT });
    assert.equal(c.host, '0.0.0.0');
  });

  it('accepts a SingleTenant registration', () => {
    const c = loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'singletenant', MicrosoftAppTenantId: TENANT });
    assert.equal(c.anonymous, false);
    assert.equal(c.appType, 'SingleTenant');
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a port that is not a number', { PORT: 'http' }, /^PORT="http" is not valid: expected a TCP port/],
    ['a port out of range', { PORT: '70000' }, /^PORT="70000"/],
    ['an unknown app type', { MicrosoftAppType: 'Tenant' }, /MicrosoftAppType="Tenant" is not valid: expected one of SingleTenant, MultiTenant, UserAssignedMSI/],
    ['SingleTenant without a tenant id', { MicrosoftAppId: GUID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId is required when MicrosoftAppType=SingleTenant/],
    ['an app id that is not a GUID', { MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT }, /MicrosoftAppId="my-bot" is not valid/],
    ['an app id without a password', { MicrosoftAppId: GUID, MicrosoftAppTenantId: TENANT }, /MicrosoftAppPassword is required/],
    ['production without credentials', { NODE_ENV: 'production' }, /NODE_ENV=production needs bot credentials/],
    ['anonymous mode on every interface', { HOST: '0.0.0.0' }, /HOST=0\.0\.0\.0 with no MicrosoftAppId would let anyone/],
    ['a negative retention', { TRANSCRIPT_RETENTION_DAYS: '-1' }, /TRANSCRIPT_RETENTION_DAYS="-1"/],
    ['a short status token', { STATUS_API_TOKEN: 'abc' }, /STATUS_API_TOKEN is too short/],
    ['a bad download host', { DOWNLOAD_HOSTS: 'https://evil.com/x' }, /DOWNLOAD_HOSTS entry "https:\/\/evil.com\/x"/],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud" is not valid: expected one of debug, info, warn, error/],
    ['a proactive time-out of 0 (none)', { PROACTIVE_TIMEOUT_MS: '0' }, /^PROACTIVE_TIMEOUT_MS="0" is not valid: expected milliseconds .* from 1000 to 120000/],
    ['a proactive time-out that is not a number', { PROACTIVE_TIMEOUT_MS: '15s' }, /^PROACTIVE_TIMEOUT_MS="15s" is not valid/],
  ];
  for (const [what, env, expected] of bad) {
    it(`stops start-up on ${what}, naming the variable and what it accepts`, () => {
      const problems = problemsOf(env);
      assert.ok(problems.some((p) => expected.test(p)), problems.join('\n'));
    });
  }

  it('reports every problem at once', () => {
    assert.equal(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', TRANSCRIPT_RETENTION_DAYS: 'many' }).length, 3);
  });
});

describe('.env.example', () => {
  it('documents every variable the config reads, and loads cleanly as it stands', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseEnv } = await import('node:util');
    const { join } = await import('node:path');
    const { projectRoot } = await import('../../src/paths.js');
    const example = readFileSync(join(projectRoot, '.env.example'), 'utf8');
    const source = readFileSync(join(projectRoot, 'src', 'config.ts'), 'utf8');
    const read = [...source.matchAll(/(?:get|integer|oneOf)\('([A-Za-z_]+)'/g)].map((m) => m[1]!);
    assert.ok(read.length >= 10, 'found the variables config.ts reads');
    const documented = new Set(Object.keys(parseEnv(example)));
    assert.deepEqual(read.filter((name) => !documented.has(name)), []);
    assert.doesNotThrow(() => loadConfig(parseEnv(example)));
  });
});

describe('STATUS_API_TOKEN', () => {
  it('is one token for every tenant, or tenant=token pairs', async () => {
    const { parseStatusTokens } = await import('../../src/config.js');
    assert.deepEqual(parseStatusTokens('a-long-random-token-with-padding=='), [{ tenantId: null, token: 'a-long-random-token-with-padding==' }]);
    assert.deepEqual(parseStatusTokens('72F988BF-86F1-41AF-91AB-2D7CD011DB47=first-token-0123456789, 99999999-0000-0000-0000-000000000000=second-token-0123456789'), [
      { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', token: 'first-token-0123456789' },
      { tenantId: '99999999-0000-0000-0000-000000000000', token: 'second-token-0123456789' },
    ]);
    assert.deepEqual(parseStatusTokens(''), []);
    assert.throws(() => loadConfig({ STATUS_API_TOKEN: '72f988bf-86f1-41af-91ab-2d7cd011db47=short' }), /too short/);
  });
});
