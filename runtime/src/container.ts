import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { RuntimeConfig } from './config/config';
import { createLogger, type Logger } from './logging/logger';
import { loadPlugins } from './plugins/load-plugins';
import { PluginRegistry } from './plugins/plugin-registry';
import { openStore } from './storage/open-store';
import type { Store } from './storage/store';
import { TOKENS } from './tokens';
import { RunEvents } from './worker/run-events';
import { TaskHost } from './worker/task-host';

export interface RuntimeParts {
  readonly container: DependencyContainer;
  readonly config: RuntimeConfig;
  readonly logger: Logger;
  readonly store: Store;
  readonly registry: PluginRegistry;
  readonly events: RunEvents;
  /** Lets plugins release what they keep between runs, then closes the store (after a drain). */
  close(): Promise<void>;
}

export interface BuildOptions {
  readonly logger?: Logger;
  readonly store?: Store;
  /** Skip loading plugins.json (commands that only read the database). */
  readonly withoutPlugins?: boolean;
}

/**
 * Wires the runtime into a child tsyringe container: config, logger, store (migrated), the
 * checked plugins (each operator and converter also registered under its token) and the host.
 * A bad plugin manifest throws here, before anything is claimed.
 */
export async function buildRuntime(
  config: RuntimeConfig,
  options: BuildOptions = {},
): Promise<RuntimeParts> {
  const container = rootContainer.createChildContainer();
  const logger =
    options.logger ??
    createLogger({ level: config.logLevel, pretty: config.logFormat === 'pretty' });
  const registry = options.withoutPlugins
    ? new PluginRegistry(new Map(), new Map())
    : loadPlugins(config.pluginsFile, logger);
  const store =
    options.store ??
    openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath }, { logger });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  const events = new RunEvents();

  container.register(TOKENS.Config, { useValue: config });
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(TOKENS.Store, { useValue: store });
  container.register(TOKENS.Events, { useValue: events });
  container.register(PluginRegistry, { useValue: registry });
  for (const { plugin } of registry.operators.values())
    container.register(TOKENS.Operator, { useValue: plugin });
  for (const { plugin } of registry.converters.values())
    container.register(TOKENS.Converter, { useValue: plugin });
  container.registerSingleton(TaskHost);

  return {
    container,
    config,
    logger,
    store,
    registry,
    events,
    close: async () => {
      await registry.dispose(logger);
      await store.close();
    },
  };
}
