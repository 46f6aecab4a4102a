import type { RuntimeConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import type { Store } from '../storage/store';
import type { PluginRegistry } from '../plugins/plugin-registry';
import type { RunEvents } from './run-events';

/** What every run of a host shares. */
export interface RunDependencies {
  readonly config: RuntimeConfig;
  readonly logger: Logger;
  readonly store: Store;
  readonly registry: PluginRegistry;
  readonly events: RunEvents;
  readonly hostId: string;
}
