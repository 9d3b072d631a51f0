import assert from 'node:assert/strict';
import { message } from '../support/activities.js';
import { useRunningApp } from '../support/appHarness.js';

describe('message routing between the interview and other cards', () => {
  const app = useRunningApp();

  async function say(text: string, value?: Record<string, unknown>): Promise<string> {
    const activity = message({ serviceUrl: app.connector.url, text, value, conversationId: 'a:routing' });
    const before = app.connector.requests.length;
    await app.h.post(activity);
    return JSON.stringify(app.connector.requests.slice(before).map((r) => r.body));
  }

  it('a form button pressed while the interview waits goes to the form, and the interview keeps its place', async () => {
    assert.match(await say('check eligibility'), /Which tenant are the environments in now/);
    assert.match(await say('contoso.com'), /tenant ID of contoso\.com/);
    const formReply = await say('', { action: 'profileForm.addEnvironment', 'source.tenantDomain': 'fabrikam.com', envCount: '1' });
    assert.doesNotMatch(formReply, /tenant ID of contoso\.com/, 'not taken as an answer to the interview');
    assert.match(await say('skip'), /Which Power Platform region is contoso\.com in/);
  });

  it('a lone "?" shows the help card', async () => {
    const reply = await say('?');
    assert.match(reply, /application\/vnd\.microsoft\.card\.adaptive/);
    assert.doesNotMatch(reply, /I can only read text here/);
  });
});
