import { Option, type Command } from 'commander';
import { NotFoundError } from '../../errors';
import type { Store } from '../../storage/store';
import type { Dataset } from '../../storage/types';
import { checkPipeline } from '../../worker/pipeline';
import type { CliContext } from '../cli-context';
import { ExitCodes } from '../exit-codes';
import { taskDetailLines } from '../format/task-view';
import { followUntilEnd } from '../follow/follow-command';
import { jsonObject, positiveNumber } from '../parse';
import { pipelineFrom, type PipelineFlags } from '../pipeline-input';
import { withRuntime } from '../runtime-session';

interface SubmitOptions extends PipelineFlags {
  dataset: string;
  type: string;
  name?: string;
  wait?: boolean;
  interval: number;
  failures: number;
  json?: boolean;
}

/** `autoannotate submit`: validates the pipeline against the loaded operators, then writes the task. */
export function addSubmitCommand(program: Command, ctx: CliContext): void {
  program
    .command('submit')
    .description(
      'submit a task over a dataset; its params are checked by the operators before it is written',
    )
    .requiredOption('--dataset <name|id>', 'the dataset, by name or id')
    .requiredOption(
      '--type <taskType>',
      'task type: picks the converter (autoannotate plugins list shows them)',
    )
    .option('--operator <name>', 'a one-step pipeline: this operator...')
    .option('--params <json>', '...with these params (a JSON object)', jsonObject)
    .addOption(
      new Option(
        '--pipeline-file <file>',
        'the pipeline as JSON: [{"operator": ..., "params": {...}}, ...]',
      ).conflicts(['operator', 'params']),
    )
    .option('--name <name>', 'task name (default: "<type> over <dataset>")')
    .option(
      '--wait',
      'follow the task with progress until it ends; the exit code tells how it ended',
    )
    .option(
      '--interval <seconds>',
      'seconds between two looks at the task with --wait',
      positiveNumber,
      1,
    )
    .option('--failures <n>', 'failures listed when a waited-for task ends', positiveNumber, 20)
    .option('--json', 'print the result as JSON')
    .action(async (options: SubmitOptions) => {
      const steps = pipelineFrom(options);
      await withRuntime(ctx, { plugins: true }, async (parts) => {
        const { store, registry } = parts;
        const dataset = await findDataset(store, options.dataset);
        checkPipeline(registry, options.type, steps);
        const files = await store.countDatasetFiles(dataset.id);
        const task = await store.createTask({
          name: options.name ?? `${options.type} over ${dataset.name}`,
          datasetId: dataset.id,
          taskType: options.type,
          pipeline: steps,
        });
        if (!options.wait) {
          ctx.result(Boolean(options.json), { task }, () => [
            `task ${task.id} submitted: "${task.name}", ${files} files of dataset ${dataset.id} "${dataset.name}", ` +
              `pipeline ${steps.map((s) => s.operator).join(' > ')}`,
            `follow it with: autoannotate status ${task.id}  (a host must be running: autoannotate host)`,
          ]);
          return;
        }
        if (!options.json)
          ctx.io.stderr.write(`task ${task.id} submitted; following it (Ctrl-C stops following)\n`);
        const final = await followUntilEnd(ctx, parts, task.id, options.interval * 1000);
        if (final === undefined) return;
        const failures = await store.listFailures(task.id, options.failures);
        ctx.result(Boolean(options.json), { task: final, failures }, () =>
          taskDetailLines(final, failures),
        );
        ctx.exitCode = final.status === 'completed' ? ExitCodes.OK : ExitCodes.TASK_UNSUCCESSFUL;
      });
    });
}

/** A dataset by name, or by id when the value is a number that names no dataset. */
async function findDataset(store: Store, nameOrId: string): Promise<Dataset> {
  const byName = await store.findDatasetByName(nameOrId);
  if (byName) return byName;
  const byId = /^\d+$/.test(nameOrId) ? await store.getDataset(Number(nameOrId)) : undefined;
  if (byId) return byId;
  throw new NotFoundError(
    `dataset "${nameOrId}" does not exist (autoannotate datasets list shows them)`,
  );
}
