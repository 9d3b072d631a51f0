/**
 * The per-conversation turn lease against a real Azurite: two "instances" (two BlobTurnLease objects with their
 * own clients and instance ids) never hold one conversation at once; a waiter gives up within its bound; a
 * restarted instance gets its own lease back at once; renewal keeps a lease past its duration.
 */
import assert from 'node:assert/strict';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { BlobTurnLease, leaseBlobName, leaseIdFor, TurnLeaseBusy, MIN_LEASE_SECONDS } from '../../src/storage/blob/turnLease.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

describe('blob turn lease (Azurite)', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let containerName: string;
  const clients: ContainerClient[] = [];

  const client = (): ContainerClient => {
    const c = BlobServiceClient.fromConnectionString(azurite.connectionString, { retryOptions: { maxTries: 1 } }).getContainerClient(containerName);
    clients.push(c);
    return c;
  };

  before(async () => {
    azurite = await startAzurite();
    containerName = azurite.containerName('lease');
    await client().createIfNotExists();
  });
  after(async () => {
    await azurite?.deleteContainer(containerName).catch(() => undefined);
    await azurite?.stop();
  });

  it('lets only one of two instances run a turn of a conversation at a time, and both run in the end', async () => {
    const a = new BlobTurnLease({ client: client(), instanceId: 'instance-a', maxWaitMs: 10_000 });
    const b = new BlobTurnLease({ client: client(), instanceId: 'instance-b', maxWaitMs: 10_000 });
    let inside = 0;
    let maxInside = 0;
    let turns = 0;
    const turn = async (lease: BlobTurnLease) => {
      const held = await lease.acquire('msteams/a:conv-1');
      try {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((r) => setTimeout(r, 20));
        turns++;
      } finally {
        inside--;
        await held.release();
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, i) => turn(i % 2 === 0 ? a : b)));
    assert.equal(turns, 6);
    assert.equal(maxInside, 1);
    assert.equal(a.held + b.held, 0);
  });

  it('does not make different conversations wait for each other', async () => {
    const a = new BlobTurnLease({ client: client(), instanceId: 'instance-a' });
    const b = new BlobTurnLease({ client: client(), instanceId: 'instance-b', maxWaitMs: 200 });
    const one = await a.acquire('msteams/a:conv-2');
    const two = await b.acquire('msteams/a:conv-3');
    assert.equal(two.waitedMs < 200, true);
    await Promise.all([one.release(), two.release()]);
  });

  it('gives up within its bound with TurnLeaseBusy while another instance holds the conversation', async () => {
    const a = new BlobTurnLease({ client: client(), instanceId: 'instance-a' });
    const b = new BlobTurnLease({ client: client(), instanceId: 'instance-b', maxWaitMs: 300 });
    const held = await a.acquire('msteams/a:conv-4');
    try {
      await assert.rejects(b.acquire('msteams/a:conv-4'), (e: unknown) => e instanceof TurnLeaseBusy);
    } finally {
      await held.release();
    }
    const after = await b.acquire('msteams/a:conv-4');
    await after.release();
  });

  it('gives a restarted instance (same instance id) its lease back at once; another instance must wait', async () => {
    const crashed = new BlobTurnLease({ client: client(), instanceId: 'pod-7' });
    await crashed.acquire('msteams/a:conv-5'); // never released: the process "died"
    const other = new BlobTurnLease({ client: client(), instanceId: 'pod-8', maxWaitMs: 200 });
    await assert.rejects(other.acquire('msteams/a:conv-5'), TurnLeaseBusy);
    const restarted = new BlobTurnLease({ client: client(), instanceId: 'pod-7', maxWaitMs: 200 });
    const held = await restarted.acquire('msteams/a:conv-5');
    assert.equal(held.leaseId, leaseIdFor('pod-7', 'msteams/a:conv-5'));
    await held.release();
    await crashed.releaseAll();
  });

  it('queues turns of one conversation inside one process (the service cannot tell them apart)', async () => {
    const lease = new BlobTurnLease({ client: client(), instanceId: 'solo', maxWaitMs: 5_000 });
    const first = await lease.acquire('msteams/a:conv-6');
    let secondIn = false;
    const second = lease.acquire('msteams/a:conv-6').then((h) => {
      secondIn = true;
      return h;
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(secondIn, false);
    await first.release();
    await (await second).release();
    const quick = new BlobTurnLease({ client: client(), instanceId: 'solo', maxWaitMs: 100 });
    const h = await quick.acquire('msteams/a:conv-7');
    await assert.rejects(quick.acquire('msteams/a:conv-7'), TurnLeaseBusy);
    await h.release();
  });

  it('names lease blobs by hash only, and keeps a lease past its duration by renewing it', async function () {
    this.timeout(40_000);
    assert.match(leaseBlobName('msteams/a:secret-conversation'), /^leases\/turn\/[0-9a-f]{64}$/);
    const lost: string[] = [];
    const a = new BlobTurnLease({ client: client(), instanceId: 'renewer', leaseSeconds: MIN_LEASE_SECONDS, onLost: (r) => lost.push(r) });
    const held = await a.acquire('msteams/a:conv-8');
    // Past one full lease duration: without renewal another instance would get it.
    await new Promise((r) => setTimeout(r, MIN_LEASE_SECONDS * 1000 + 1500));
    const b = new BlobTurnLease({ client: client(), instanceId: 'other', maxWaitMs: 100 });
    await assert.rejects(b.acquire('msteams/a:conv-8'), TurnLeaseBusy);
    assert.equal(held.lost, false);
    assert.deepEqual(lost, []);
    await held.release();
  });
});
