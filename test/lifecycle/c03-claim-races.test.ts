import assert from 'node:assert/strict';
import type { Store } from '@autoannotate/runtime';
import { seedDataset, seedTask } from '../storage/support/seed';
import { storeTargets } from '../storage/support/store-targets';

describe('C-03 two hosts claim the same task', () => {
  for (const target of storeTargets) {
    describe(target.dialect, () => {
      const db = target.use();

      it('C-03 two hosts polling at the same instant, 1,000 times over: exactly one claims each task', async () => {
        const hosts: Array<[string, Store]> = [
          ['host-a', await db().store()],
          ['host-b', await db().store()],
        ];
        const { dataset } = await seedDataset(hosts[0]![1], 1);
        const winners = new Map<number, { host: string; runToken: string }>();
        for (let race = 0; race < 1000; race++) {
          const task = await seedTask(hosts[0]![1], dataset.id, `race ${race}`);
          // Alternate who asks first, so that neither host is always ahead.
          const order = race % 2 === 0 ? hosts : [...hosts].reverse();
          const claims = await Promise.all(order.map(([host, store]) => store.claimNextTask(host)));
          const won = claims.flatMap((c, i) => (c ? [{ host: order[i]![0], claim: c }] : []));
          assert.equal(won.length, 1, `race ${race}: ${won.length} hosts claimed task ${task.id}`);
          assert.equal(won[0]!.claim.task.id, task.id);
          winners.set(task.id, { host: won[0]!.host, runToken: won[0]!.claim.lease.runToken });
        }

        const stored = await hosts[0]![1].listTasks({ limit: 2000 });
        assert.equal(stored.length, 1000);
        for (const task of stored) {
          const winner = winners.get(task.id);
          assert.deepEqual(
            [task.status, task.hostId, task.runToken, task.attempts],
            ['running', winner?.host, winner?.runToken, 1],
          );
        }
        assert.equal(new Set(stored.map((t) => t.runToken)).size, 1000);
      });

      it('C-03 six claimers draining 200 pending tasks take each task exactly once', async () => {
        const stores = await Promise.all(Array.from({ length: 3 }, () => db().store()));
        const { dataset } = await seedDataset(stores[0]!, 1);
        for (let i = 0; i < 200; i++) await seedTask(stores[0]!, dataset.id, `t${i}`);
        const claimedBy = new Map<number, string[]>();
        const claimer = async (store: Store, host: string) => {
          for (;;) {
            const claim = await store.claimNextTask(host);
            if (!claim) return;
            claimedBy.set(claim.task.id, [...(claimedBy.get(claim.task.id) ?? []), host]);
          }
        };
        await Promise.all(
          Array.from({ length: 6 }, (_, i) => claimer(stores[i % 3]!, `host-${i}`)),
        );
        assert.equal(claimedBy.size, 200);
        assert.deepEqual(
          [...claimedBy.values()].filter((hosts) => hosts.length !== 1),
          [],
        );
        assert.equal((await stores[0]!.listTasks({ status: 'pending' })).length, 0);
      });
    });
  }
});
