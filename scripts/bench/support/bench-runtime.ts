import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildRuntime,
  configWith,
  registerFolder,
  silentLogger,
  TaskHost,
  type PipelineStep,
  type RuntimeConfig,
  type RuntimeParts,
  type Task,
} from '@autoannotate/runtime';

/** A manifest entry: a package name or `{ path }` of an operator folder. */
export type PluginEntry = string | { readonly path: string };

export interface BenchRuntime {
  readonly parts: RuntimeParts;
  readonly host: TaskHost;
  readonly home: string;
  readonly sqlitePath: string;
  /** Registers a folder as a dataset and submits one task over it. */
  submit(folder: string, taskType: string, pipeline: PipelineStep[]): Promise<Task>;
  close(): Promise<void>;
}

/**
 * A whole runtime in this process on a fresh embedded SQLite file in a temporary home, with a
 * manifest listing only the given plugins: what `autoannotate host` builds, minus the CLI.
 */
export async function benchRuntime(
  plugins: readonly PluginEntry[],
  overrides: Partial<RuntimeConfig> = {},
): Promise<BenchRuntime> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-bench-'));
  const pluginsFile = path.join(home, 'plugins.json');
  fs.writeFileSync(pluginsFile, JSON.stringify({ operators: plugins, converters: plugins }));
  const sqlitePath = path.join(home, 'bench.sqlite');
  const config = configWith({
    home,
    sqlitePath,
    pluginsFile,
    exportDir: path.join(home, 'exports'),
    logLevel: 'silent',
    ...overrides,
  });
  const parts = await buildRuntime(config, { logger: silentLogger() });
  const host = parts.container.resolve(TaskHost);
  return {
    parts,
    host,
    home,
    sqlitePath,
    async submit(folder, taskType, pipeline) {
      const { dataset } = await registerFolder(parts.store, folder, `bench ${folder}`);
      return parts.store.createTask({
        name: `bench ${path.basename(folder)}`,
        datasetId: dataset.id,
        taskType,
        pipeline,
      });
    },
    async close() {
      await host.drain();
      await parts.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
