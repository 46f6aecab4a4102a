import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { WarmPools } from '@autoannotate/operator-object-detection/warm-pools';
import { sharedModelPath } from './support/paths';

const model = { modelPath: sharedModelPath, modelVersion: 'warm-pools-test' };

describe('inference pools kept warm between runs', () => {
  let pools: WarmPools;

  afterEach(async () => {
    await pools?.closeAll();
  });

  it('closes every pool, lent or idle, when the host closes', async () => {
    pools = new WarmPools(60_000);
    const lent = pools.acquire(1);
    const idle = pools.acquire(2);
    idle.release();
    await pools.closeAll();
    assert.deepEqual([lent.pool.closed, idle.pool.closed], [true, true]);
  });

  it('lends the same threads to runs of the same thread count, at once or one after another', async () => {
    pools = new WarmPools(60_000);
    const first = pools.acquire(1);
    const second = pools.acquire(1);
    const other = pools.acquire(2);
    assert.equal(first.pool, second.pool);
    assert.notEqual(first.pool, other.pool);
    first.release();
    second.release();
    second.release(); // a second release of one lease changes nothing
    const next = pools.acquire(1);
    assert.equal(next.pool, first.pool);
    assert.equal(next.pool.closed, false);
  });

  it('closes a pool that no run used for the idle time, and starts a new one after', async () => {
    pools = new WarmPools(50);
    const lease = pools.acquire(1);
    await lease.pool.describe(model);
    lease.release();
    await sleep(300);
    assert.equal(lease.pool.closed, true);
    await assert.rejects(lease.pool.describe(model), /the inference pool is closed/);
    const next = pools.acquire(1);
    assert.notEqual(next.pool, lease.pool);
    assert.ok((await next.pool.describe(model)).inputs.length > 0);
  });

  it('keeps a pool that a run still holds past the idle time', async () => {
    pools = new WarmPools(50);
    const held = pools.acquire(1);
    pools.acquire(1).release();
    await sleep(300);
    assert.equal(held.pool.closed, false);
    assert.ok((await held.pool.describe(model)).inputs.length > 0);
    assert.equal(pools.acquire(1).pool, held.pool);
  });
});
