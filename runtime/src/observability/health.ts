import type { PluginRegistry } from '../plugins/plugin-registry';
import type { Store } from '../storage/store';

/** A database that does not answer a ping within this time counts as unreachable. */
const PING_TIMEOUT_MS = 2000;

export interface HealthSources {
  readonly store: Pick<Store, 'ping' | 'dialect'>;
  readonly registry: PluginRegistry;
  readonly hostId: string;
  readonly activeRuns: () => number;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly body: {
    readonly status: 'ok' | 'unavailable';
    readonly hostId: string;
    readonly activeRuns: number;
    readonly database: { readonly ok: boolean; readonly dialect: string; readonly error?: string };
    readonly plugins: {
      readonly ok: boolean;
      readonly operators: string[];
      readonly converters: string[];
    };
  };
}

/** Healthy when the database answers a ping and at least one operator and converter are loaded. */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const database = await pingWithin(sources.store, PING_TIMEOUT_MS);
  const operators = [...sources.registry.operators.keys()];
  const converters = [...sources.registry.converters.keys()];
  const pluginsOk = operators.length > 0 && converters.length > 0;
  const healthy = database.ok && pluginsOk;
  return {
    healthy,
    body: {
      status: healthy ? 'ok' : 'unavailable',
      hostId: sources.hostId,
      activeRuns: sources.activeRuns(),
      database: { ...database, dialect: sources.store.dialect },
      plugins: { ok: pluginsOk, operators, converters },
    },
  };
}

async function pingWithin(
  store: Pick<Store, 'ping'>,
  ms: number,
): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([store.ping(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
