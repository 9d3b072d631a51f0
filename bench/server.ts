/**
 * One bot under load for `npm run bench` (bench/index.ts), in its own process so its CPU time and memory are its
 * own. argv[2]: `echo` (the stack's ceiling: CloudAdapter + restify answering every message with one reply) or
 * `bot` (this app, createApp as in production, lowdb on disk under BENCH_DATA_DIR). Talks to the parent over IPC:
 * sends { ready, port, startMs } once listening, answers { type: 'usage' } with CPU and memory, and { type: 'stop' }.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

const mode = process.argv[2];
const send = (message: unknown): void => {
  process.send?.(message);
};

let stop: () => Promise<void>;
let port: number;
/** The bot's storage writes (calls and items), to report writes per turn. */
const writes = { calls: 0, items: 0 };

if (mode === 'echo') {
  const auth = new ConfigurationBotFrameworkAuthentication({}, new ConfigurationServiceClientCredentialFactory({}));
  const adapter = new CloudAdapter(auth);
  const server = restify.createServer({ name: 'echo' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context: TurnContext) => {
      if (context.activity.type === 'message') await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as { port: number }).port;
  stop = async () => {
    server.close();
  };
} else if (mode === 'bot') {
  const { createApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const { createLogger } = await import('../src/logging.js');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: process.env.BENCH_DATA_DIR!, TYPING_DELAY_MS: '0', LOG_LEVEL: 'error' });
  const app = await createApp(config, createLogger('error'));
  const storage = app.stores.storage;
  const write = storage.write.bind(storage);
  storage.write = (changes) => {
    writes.calls++;
    writes.items += Object.keys(changes).length;
    return write(changes);
  };
  port = await app.start();
  stop = () => app.stop();
} else {
  throw new Error(`bench/server.ts: unknown mode ${String(mode)}`);
}

send({ type: 'ready', port, startMs: performance.now(), execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS ?? '' });

process.on('message', (message: { type: string; file?: string }) => {
  if (message.type === 'usage') {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    global.gc?.();
    send({ type: 'usage', cpu, memory, memoryAfterGc: process.memoryUsage(), writes: { ...writes } });
  } else if (message.type === 'heapsnapshot') {
    send({ type: 'heapsnapshot', file: v8.writeHeapSnapshot(message.file) });
  } else if (message.type === 'stop') {
    void stop().then(() => {
      send({ type: 'stopped' });
      process.exit(0);
    });
  }
});
