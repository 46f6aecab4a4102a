import type { ConverterPlugin, OperatorPlugin } from '../contracts';
import { PipelineError } from '../errors';
import type { Logger } from '../logging/logger';

/** Where a plugin came from, for messages and `plugins list`. */
export interface PluginOrigin {
  readonly entry: string;
  readonly file: string;
}

export interface LoadedOperator {
  readonly plugin: OperatorPlugin;
  readonly origin: PluginOrigin;
}

export interface LoadedConverter {
  readonly plugin: ConverterPlugin;
  readonly origin: PluginOrigin;
}

/** The checked plugins of a host: operators by name, converters by task type. */
export class PluginRegistry {
  constructor(
    readonly operators: ReadonlyMap<string, LoadedOperator>,
    readonly converters: ReadonlyMap<string, LoadedConverter>,
  ) {}

  operator(name: string): OperatorPlugin {
    const found = this.operators.get(name);
    if (!found) {
      const known = [...this.operators.keys()].join(', ') || 'none';
      throw new PipelineError(`no operator named "${name}" is registered (registered: ${known})`);
    }
    return found.plugin;
  }

  converter(taskType: string): ConverterPlugin {
    const found = this.converters.get(taskType);
    if (!found) {
      const known = [...this.converters.keys()].join(', ') || 'none';
      throw new PipelineError(
        `no converter for task type "${taskType}" is registered (registered: ${known})`,
      );
    }
    return found.plugin;
  }

  /**
   * Lets every operator release what it keeps between runs. A failure is logged, not thrown:
   * the host is closing either way, and the other plugins still get their turn.
   */
  async dispose(logger: Logger): Promise<void> {
    await Promise.all(
      [...this.operators].map(async ([name, { plugin }]) => {
        try {
          await plugin.dispose?.();
        } catch (error) {
          logger.warn({ err: error, operator: name }, 'operator did not close cleanly');
        }
      }),
    );
  }
}
