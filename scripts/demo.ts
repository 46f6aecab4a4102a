import 'reflect-metadata';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  buildRuntime,
  checkPipeline,
  countLabels,
  createLogger,
  exportTask,
  loadConfig,
  registerFolder,
  TaskHost,
} from '@autoannotate/runtime';
import { prepareAssets } from './prepare-assets';
import { parseScriptArgs } from './script-args';

/**
 * The main job, end to end on the embedded database: prepare the model and photos, register the
 * photos as a dataset, submit an object-detection task, run a host until it ends, and print what
 * happened and where the Label Studio export was written.
 *
 *   npm run demo -- [--images DIR] [--model FILE.onnx] [--threshold 0.5] [--classes car,person]
 */
const USAGE = `
usage: npm run demo -- [--images DIR] [--model FILE.onnx] [--threshold 0.5] [--classes car,person]
Annotates the photos with the detector on the embedded database and writes a Label Studio export.
Without --images/--model it uses the sample photos and FastestDet prepared from ../shared.`;

async function main(): Promise<number> {
  const values = parseScriptArgs(USAGE, {
    images: { type: 'string' },
    model: { type: 'string' },
    threshold: { type: 'string', default: '0.5' },
    classes: { type: 'string' },
  });
  const root = path.resolve(__dirname, '..', '..');
  const out = (line = '') => process.stdout.write(`${line}\n`);

  const assets =
    values.images && values.model
      ? { imagesDir: path.resolve(values.images), modelPath: path.resolve(values.model) }
      : { ...prepareAssets(root), ...pick(values) };
  const params: Record<string, unknown> = {
    modelPath: assets.modelPath,
    scoreThreshold: Number(values.threshold),
  };
  if (values.classes) params.targetClasses = values.classes.split(',').map((c) => c.trim());
  const pipeline = [{ operator: 'object-detection', params }];

  const config = loadConfig({
    ...process.env,
    AUTOANNOTATE_HOME: process.env.AUTOANNOTATE_HOME ?? root,
  });
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    pretty: Boolean(process.stderr.isTTY),
  });
  const parts = await buildRuntime(config, { logger });
  try {
    // Bad params are refused here, before anything is written.
    checkPipeline(parts.registry, 'object-detection', pipeline);
    const started = performance.now();
    const { dataset, scanned } = await registerFolder(
      parts.store,
      assets.imagesDir,
      demoDatasetName(assets.imagesDir),
    );
    const task = await parts.store.createTask({
      name: `demo detection over ${path.basename(assets.imagesDir)}`,
      datasetId: dataset.id,
      taskType: 'object-detection',
      pipeline,
    });
    out(`database: ${config.databaseUrl ? 'mysql' : config.sqlitePath}`);
    out(`dataset:  ${dataset.name} (${scanned} files in ${assets.imagesDir})`);
    out(`model:    ${assets.modelPath}`);
    out(`task ${task.id} submitted; running the host...`);

    const host = parts.container.resolve(TaskHost);
    await host.runUntilIdle();
    const done = await parts.store.getTask(task.id);
    const seconds = (performance.now() - started) / 1000;
    if (!done) throw new Error(`task ${task.id} vanished`);

    out();
    out(`status:   ${done.status}${done.errorMessage ? ` (${done.errorMessage})` : ''}`);
    out(
      `files:    ${done.processedImages}/${done.totalImages} processed, ${done.failedImages} failed`,
    );
    out(`objects:  ${done.detectedObjects}`);
    const project = await parts.store.getProjectForTask(task.id);
    if (project) {
      const labels = [...(await countLabels(parts.store, project.id))].sort((a, b) => b[1] - a[1]);
      for (const [label, count] of labels) out(`  ${label.padEnd(14)} ${count}`);
    }
    for (const failure of await parts.store.listFailures(task.id, 20)) {
      out(`  failed: ${failure.reason}`);
    }
    out(`time:     ${seconds.toFixed(2)} s`);
    if (project) {
      const exported = await exportTask(parts.store, parts.registry, task.id, config.exportDir);
      out(
        `export:   ${exported.tasksFile} (${exported.taskCount} Label Studio tasks with predictions)`,
      );
      out(`config:   ${exported.labelConfigFile}`);
    }
    return done.status === 'completed' ? 0 : 1;
  } finally {
    await parts.close();
  }
}

/** One dataset per folder: its base name plus a short digest of the full path. */
function demoDatasetName(folder: string): string {
  const digest = createHash('sha256').update(folder).digest('hex').slice(0, 8);
  return `demo-${path.basename(folder)}-${digest}`;
}

/** --images or --model alone override one of the prepared assets. */
function pick(values: {
  images?: string;
  model?: string;
}): Partial<{ imagesDir: string; modelPath: string }> {
  return {
    ...(values.images ? { imagesDir: path.resolve(values.images) } : {}),
    ...(values.model ? { modelPath: path.resolve(values.model) } : {}),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
