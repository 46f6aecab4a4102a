import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { registerFolder } from '../../datasets/register-dataset';
import { NotFoundError } from '../../errors';
import type { Store } from '../../storage/store';
import type { CliContext } from '../cli-context';
import { tableLines } from '../format/table';
import { formatBytes, formatTime } from '../format/units';
import { withRuntime } from '../runtime-session';

/** `autoannotate datasets add|list`. */
export function addDatasetsCommand(program: Command, ctx: CliContext): void {
  const datasets = program
    .command('datasets')
    .description('register folders of files as datasets, list them');

  datasets
    .command('add')
    .description(
      'register every file under a folder (recursively) with its type and size; ' +
        'files already registered keep their ids',
    )
    .argument('<folder>', 'the folder to register')
    .option(
      '--name <name>',
      'dataset name (default: the folder name); an existing name gets the new files',
    )
    .option('--json', 'print the result as JSON')
    .action(async (folder: string, options: { name?: string; json?: boolean }) => {
      const root = path.resolve(folder);
      if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
        throw new NotFoundError(`folder ${root} does not exist or is not a folder`);
      }
      await withRuntime(ctx, { plugins: false }, async ({ store }) => {
        const { dataset, added, scanned } = await registerFolder(store, root, options.name);
        const contents = await summarise(store, dataset.id);
        ctx.result(Boolean(options.json), { dataset, scanned, added, ...contents }, () => [
          `dataset ${dataset.id} "${dataset.name}": ${scanned} files found, ${added} new`,
          `  root   ${dataset.rootPath}`,
          `  files  ${contents.files} (${Object.entries(contents.byType)
            .map(([t, n]) => `${n} ${t}`)
            .join(', ')}), ` + `${formatBytes(contents.bytes)}`,
        ]);
      });
    });

  datasets
    .command('list')
    .description('list the registered datasets')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(ctx, { plugins: false }, async ({ store }) => {
        const found = await store.listDatasets();
        ctx.result(Boolean(options.json), { datasets: found }, () =>
          found.length === 0
            ? ['no datasets yet (autoannotate datasets add <folder> registers one)']
            : tableLines(
                ['ID', 'NAME', 'FILES', 'ROOT', 'CREATED'],
                found.map((d) => [d.id, d.name, d.fileCount, d.rootPath, formatTime(d.createdAt)]),
              ),
        );
      });
    });
}

/** Files of a dataset by type, and their total size, read page by page. */
async function summarise(store: Store, datasetId: number) {
  const byType: Record<string, number> = {};
  let files = 0;
  let bytes = 0;
  for (let afterId = 0; ;) {
    const page = await store.listDatasetFiles(datasetId, { afterId, limit: 1000 });
    if (page.length === 0) break;
    for (const file of page) {
      byType[file.fileType] = (byType[file.fileType] ?? 0) + 1;
      bytes += file.fileSize;
    }
    files += page.length;
    afterId = page[page.length - 1]!.id;
  }
  return { files, bytes, byType };
}
