import type { OperatorContext } from '../contracts';
import { ErrorCodes, ModelConfigError, errorCode } from '../errors';
import { ChatClient } from './chat-client';
import { parseLlmOptions } from './options';

/**
 * The chat client of one operator instance, opened on the first file rather than in `create`:
 * the model config is read then, once per run, and every later file shares the same promise.
 * A config problem stays cached (the task ends on it); any other failure of the read, such as
 * a database hiccup, is forgotten so the next file tries again.
 */
export class LazyChatClient {
  private opening: Promise<ChatClient> | undefined;

  constructor(
    private readonly context: OperatorContext,
    private readonly modelId: string,
  ) {}

  get(): Promise<ChatClient> {
    this.opening ??= this.open().catch((error: unknown) => {
      if (errorCode(error) !== ErrorCodes.MODEL_CONFIG) this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async open(): Promise<ChatClient> {
    const config = await this.context.modelConfigs.get(this.modelId);
    if (!config.enabled) throw new ModelConfigError(`model config "${this.modelId}" is disabled`);
    const options = parseLlmOptions(config);
    this.context.logger.info(
      { modelId: this.modelId, modelName: config.modelName, baseUrl: config.baseUrl },
      'model config read',
    );
    return new ChatClient(config, options, this.context.logger);
  }
}
