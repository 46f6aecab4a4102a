import { buildRuntime, type RuntimeParts } from '../container';
import type { CliContext } from './cli-context';

/**
 * Builds the runtime for one command, runs `work` and closes the store whatever happens.
 * Commands that only read or write rows skip loading the plugins.
 */
export async function withRuntime<T>(
  ctx: CliContext,
  options: { plugins: boolean },
  work: (parts: RuntimeParts) => Promise<T>,
): Promise<T> {
  const parts = await buildRuntime(ctx.config(), {
    logger: ctx.logger(),
    withoutPlugins: !options.plugins,
  });
  try {
    return await work(parts);
  } finally {
    await parts.close();
  }
}
