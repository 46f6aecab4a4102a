import { claimCases } from './conformance/claims';
import { datasetCases } from './conformance/datasets';
import { fencingCases } from './conformance/fencing';
import { migrationCases, mysqlMigrationCases } from './conformance/migrations';
import { modelConfigCases } from './conformance/model-configs';
import { recoveryCases } from './conformance/recovery';
import { resultCases } from './conformance/results';
import { stopRequestCases } from './conformance/stop-requests';
import { storeTargets } from './support/store-targets';

// The same cases against every store: the embedded SQLite one and MySQL/MariaDB.
for (const target of storeTargets) {
  describe(`store conformance (${target.dialect})`, () => {
    const db = target.use();
    describe('migrations', () => {
      migrationCases(db);
      if (target.dialect === 'mysql') mysqlMigrationCases(db);
    });
    describe('datasets and files', () => datasetCases(db));
    describe('tasks and claims', () => claimCases(db));
    describe('fenced writes', () => fencingCases(db));
    describe('results and failures', () => resultCases(db));
    describe('model configs', () => modelConfigCases(db));
    describe('stop requests', () => stopRequestCases(db));
    describe('recovery of stale tasks', () => recoveryCases(db));
  });
}
