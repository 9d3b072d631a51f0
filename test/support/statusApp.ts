/**
 * The HTTP set-up the status and plan flow tests share: before each test a fake Bot Connector and the real app
 * (restify, CloudAdapter, lowdb in a fresh data directory, test/status/statusHarness.ts) on a clock at `start`; after
 * it, both stopped and the data directory removed. Call inside a `describe`; `use` gets the new pair before each test.
 */
import { removeDir } from './appHarness.js';
import { FakeConnector } from './fakeConnector.js';
import { Clock, startStatusApp, type StatusHarness } from '../status/statusHarness.js';

export function statusAppPerTest(start: Date, use: (started: { connector: FakeConnector; h: StatusHarness }) => void): void {
  let connector: FakeConnector;
  let h: StatusHarness;
  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startStatusApp({ connector, clock: new Clock(start) });
    use({ connector, h });
  });
  afterEach(async () => {
    await h.stop();
    await connector.stop();
    removeDir(h.dataDir);
  });
}
