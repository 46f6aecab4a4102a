import { parseLlmOptions } from '../../llm/options';
import { Option, type Command } from 'commander';
import { secretFromEnv } from '../../config/config';
import type { ModelConfigRow } from '../../storage/types';
import type { CliContext } from '../cli-context';
import { tableLines } from '../format/table';
import { jsonObject } from '../parse';
import { withRuntime } from '../runtime-session';
import { UsageError } from '../usage-error';

interface AddOptions {
  id: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
  apiKey?: string;
  options?: Record<string, unknown>;
  disabled?: boolean;
  json?: boolean;
}

/** A model config as shown: everything but the key, which is only said to be set or not. */
function shown(row: ModelConfigRow) {
  return {
    modelId: row.modelId,
    modelName: row.modelName,
    baseUrl: row.baseUrl,
    options: row.options,
    enabled: row.enabled,
    apiKeySet: row.apiKey !== '',
  };
}

/** `autoannotate models add|list`: rows of t_model_config that LLM operators use by id. */
export function addModelsCommand(program: Command, ctx: CliContext): void {
  const models = program
    .command('models')
    .description('add and list model configs (OpenAI-compatible endpoints)');

  models
    .command('add')
    .description(
      'add a model config, or replace the one with the same id; the key is stored, never printed',
    )
    .requiredOption('--id <id>', 'model id that task params refer to')
    .requiredOption(
      '--base-url <url>',
      'base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1',
    )
    .requiredOption('--model <name>', 'model name sent to the endpoint')
    .addOption(
      new Option('--api-key-env <VAR>', 'read the key from this environment variable').conflicts(
        'apiKey',
      ),
    )
    .addOption(
      new Option(
        '--api-key <key>',
        'the key itself (it stays in your shell history; prefer --api-key-env)',
      ),
    )
    .option(
      '--options <json>',
      'options as a JSON object, e.g. {"timeoutMs": 30000, "maxConcurrency": 4}',
      jsonObject,
    )
    .option('--disabled', 'store it disabled: tasks that use it fail until it is enabled')
    .option('--json', 'print the result as JSON')
    .action(async (options: AddOptions) => {
      if (options.apiKeyEnv === undefined && options.apiKey === undefined) {
        throw new UsageError(
          'give the key with --api-key-env VAR (or --api-key KEY); use --api-key "" for none',
        );
      }
      const apiKey =
        options.apiKeyEnv === undefined ? options.apiKey! : secretFromEnv(options.apiKeyEnv);
      if (!/^https?:\/\//.test(options.baseUrl) || !URL.canParse(options.baseUrl)) {
        throw new UsageError(`--base-url "${options.baseUrl}" is not an http(s) URL`);
      }
      const row: ModelConfigRow = {
        modelId: options.id,
        baseUrl: options.baseUrl,
        modelName: options.model,
        apiKey,
        options: options.options ?? {},
        enabled: !options.disabled,
      };
      // The same checks a run makes on its first file, made now: a bad option fails here.
      try {
        parseLlmOptions(row);
      } catch (error) {
        throw new UsageError((error as Error).message.replace(/^model config "[^"]*": /, ''));
      }
      await withRuntime(ctx, { plugins: false }, async ({ store }) => {
        const existed = (await store.getModelConfig(row.modelId)) !== undefined;
        await store.upsertModelConfig(row);
        ctx.result(Boolean(options.json), { ...shown(row), replaced: existed }, () => [
          `model config "${row.modelId}" ${existed ? 'replaced' : 'added'}: ${row.modelName} at ${row.baseUrl}, ` +
            `${row.enabled ? 'enabled' : 'disabled'}, key ${apiKey === '' ? 'empty' : 'stored (not shown)'}`,
        ]);
      });
    });

  models
    .command('list')
    .description('list the model configs (keys are never shown)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(ctx, { plugins: false }, async ({ store }) => {
        const rows = (await store.listModelConfigs()).map(shown);
        ctx.result(Boolean(options.json), { models: rows }, () =>
          rows.length === 0
            ? ['no model configs yet (autoannotate models add creates one)']
            : tableLines(
                ['ID', 'MODEL', 'BASE URL', 'ENABLED', 'KEY', 'OPTIONS'],
                rows.map((m) => [
                  m.modelId,
                  m.modelName,
                  m.baseUrl,
                  m.enabled ? 'yes' : 'no',
                  m.apiKeySet ? 'set' : 'empty',
                  JSON.stringify(m.options),
                ]),
              ),
        );
      });
    });
}
