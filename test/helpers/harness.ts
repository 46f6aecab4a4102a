import fs from 'node:fs';
import path from 'node:path';
import {
  buildRuntime,
  configWith,
  registerFolder,
  silentLogger,
  TaskHost,
  type Logger,
  type PipelineStep,
  type RuntimeConfig,
  type RuntimeParts,
  type Store,
  type Task,
} from '@autoannotate/runtime';
import { fixturesDir, repoRoot } from './paths';
import { tempDir } from './temp';

export interface ManifestEntryLike {
  package?: string;
  path?: string;
  export?: string;
}

export interface HarnessOptions {
  /** Operators and converters of the test manifest; default: the echo-text fixture. */
  operators?: Array<ManifestEntryLike | string>;
  converters?: Array<ManifestEntryLike | string>;
  config?: Partial<RuntimeConfig>;
  logger?: Logger;
  store?: Store;
}

export const echoFixture = { path: path.join(fixturesDir, 'operators', 'echo-text') };

export interface Harness {
  readonly parts: RuntimeParts;
  readonly host: TaskHost;
  readonly store: Store;
  readonly home: string;
  /** Registers a folder as a dataset and submits a task over it. */
  submit(folder: string, taskType: string, pipeline: PipelineStep[], name?: string): Promise<Task>;
  close(): Promise<void>;
}

/**
 * A runtime on a fresh embedded database in a temporary home, with a manifest written for the
 * test. The plugins are loaded from real packages (workspace operators or fixture folders).
 */
export async function makeHarness(options: HarnessOptions = {}): Promise<Harness> {
  const home = tempDir('aa-home-');
  const manifestFile = path.join(home, 'plugins.json');
  fs.writeFileSync(
    manifestFile,
    JSON.stringify({
      operators: options.operators ?? [echoFixture],
      converters: options.converters ?? options.operators ?? [echoFixture],
    }),
  );
  const config: RuntimeConfig = configWith({
    home,
    sqlitePath: path.join(home, 'db.sqlite'),
    pluginsFile: manifestFile,
    exportDir: path.join(home, 'exports'),
    pollIntervalSeconds: 0.05,
    heartbeatIntervalSeconds: 0.2,
    progressIntervalSeconds: 0,
    logLevel: 'silent',
    ...options.config,
  });
  const parts = await buildRuntime(config, {
    logger: options.logger ?? silentLogger(),
    store: options.store,
  });
  const host = parts.container.resolve(TaskHost);
  return {
    parts,
    host,
    store: parts.store,
    home,
    async submit(folder, taskType, pipeline, name = 'test task') {
      const { dataset } = await registerFolder(
        parts.store,
        folder,
        `${name}-${path.basename(folder)}`,
      );
      return parts.store.createTask({ name, datasetId: dataset.id, taskType, pipeline });
    },
    async close() {
      await host.drain();
      await parts.close();
    },
  };
}

export { repoRoot };
