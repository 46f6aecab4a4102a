import type { LabelStudioPrediction, LabelStudioTask } from '../contracts';
import type { Logger } from '../logging/logger';
import { canonicalJson } from './canonical-json';
import type { LabelStudioClient, LsPrediction, LsProject, LsTask } from './label-studio-client';

export interface PushInput {
  readonly title: string;
  readonly description: string;
  readonly labelConfig: string;
  /** Label Studio tasks as exported: `data`, one prediction, `meta.file_path`. */
  readonly tasks: readonly LabelStudioTask[];
}

export interface PushSummary {
  readonly projectId: number;
  readonly title: string;
  readonly projectCreated: boolean;
  readonly labelConfigUpdated: boolean;
  /** New Label Studio tasks, each imported with its prediction. */
  readonly tasksImported: number;
  /** Predictions added to tasks that were there already (e.g. a new model version). */
  readonly predictionsAdded: number;
  /** Predictions of the same model version replaced because the result changed. */
  readonly predictionsUpdated: number;
  readonly unchanged: number;
}

/** Tasks per import request. */
const IMPORT_BATCH = 100;

/**
 * Pushes exported tasks into a Label Studio project, safe to repeat.
 *
 * The project is found by its exact title, or created with the label config (which is updated
 * when it changed). A push never keeps state of its own: it lists the project's tasks and
 * recognises its earlier work by `meta.file_path` (or, on a server that dropped `meta`, by
 * identical `data`). A file without a task is imported with its prediction; a file that has one
 * gets its prediction of the same `model_version` replaced when the result changed, left alone
 * when it did not, or added when the model version is new. So a second push adds nothing, and
 * annotations made in Label Studio meanwhile are never touched.
 */
export async function pushTasks(
  client: LabelStudioClient,
  input: PushInput,
  logger: Logger,
): Promise<PushSummary> {
  const { project, created } = await findOrCreateProject(client, input);
  const labelConfigUpdated = !created && project.label_config.trim() !== input.labelConfig.trim();
  if (labelConfigUpdated) await client.updateLabelConfig(project.id, input.labelConfig);

  // A project made just now is empty: nothing to list.
  const existing = new TaskIndex(created ? [] : await client.listTasks(project.id));
  const predictionsByTask = groupByTask(created ? [] : await client.listPredictions(project.id));

  const toImport: LabelStudioTask[] = [];
  let predictionsAdded = 0;
  let predictionsUpdated = 0;
  let unchanged = 0;
  for (const task of input.tasks) {
    const match = existing.find(task);
    if (!match) {
      toImport.push(task);
      continue;
    }
    for (const prediction of task.predictions) {
      const earlier = predictionsByTask.get(match.id) ?? [];
      const same = earlier.find((p) => p.model_version === prediction.model_version);
      if (!same) {
        await client.createPrediction(match.id, body(prediction));
        predictionsAdded += 1;
      } else if (sameContent(same, prediction)) {
        unchanged += 1;
      } else {
        await client.updatePrediction(same.id, body(prediction));
        predictionsUpdated += 1;
      }
    }
  }

  for (let start = 0; start < toImport.length; start += IMPORT_BATCH) {
    await client.importTasks(project.id, toImport.slice(start, start + IMPORT_BATCH));
  }

  const summary: PushSummary = {
    projectId: project.id,
    title: project.title,
    projectCreated: created,
    labelConfigUpdated,
    tasksImported: toImport.length,
    predictionsAdded,
    predictionsUpdated,
    unchanged,
  };
  logger.info(summary, 'pushed to Label Studio');
  return summary;
}

async function findOrCreateProject(
  client: LabelStudioClient,
  input: PushInput,
): Promise<{ project: LsProject; created: boolean }> {
  // Two projects of one title can exist if someone made one by hand: the oldest one is ours.
  const [oldest] = (await client.findProjects(input.title)).sort((a, b) => a.id - b.id);
  if (oldest) return { project: oldest, created: false };
  const project = await client.createProject(input);
  return { project, created: true };
}

/** Finds the Label Studio task of an exported task: by file path, else by identical data. */
class TaskIndex {
  private readonly byPath = new Map<string, LsTask>();
  private readonly byData = new Map<string, LsTask>();

  constructor(tasks: readonly LsTask[]) {
    for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
      const path = filePathOf(task.meta);
      if (path !== undefined && !this.byPath.has(path)) this.byPath.set(path, task);
      const data = canonicalJson(task.data);
      if (!this.byData.has(data)) this.byData.set(data, task);
    }
  }

  find(task: LabelStudioTask): LsTask | undefined {
    const path = filePathOf(task.meta);
    return (
      (path === undefined ? undefined : this.byPath.get(path)) ??
      this.byData.get(canonicalJson(task.data))
    );
  }
}

function filePathOf(meta: Record<string, unknown> | null | undefined): string | undefined {
  const path = meta?.file_path;
  return typeof path === 'string' ? path : undefined;
}

function groupByTask(predictions: readonly LsPrediction[]): Map<number, LsPrediction[]> {
  const byTask = new Map<number, LsPrediction[]>();
  for (const prediction of [...predictions].sort((a, b) => a.id - b.id)) {
    const list = byTask.get(prediction.task) ?? [];
    list.push(prediction);
    byTask.set(prediction.task, list);
  }
  return byTask;
}

function sameContent(stored: LsPrediction, prediction: LabelStudioPrediction): boolean {
  return (
    canonicalJson(stored.result) === canonicalJson(prediction.result) &&
    (stored.score ?? null) === (prediction.score ?? null)
  );
}

function body(prediction: LabelStudioPrediction) {
  return {
    model_version: prediction.model_version,
    ...(prediction.score === undefined ? {} : { score: prediction.score }),
    result: prediction.result,
  };
}
