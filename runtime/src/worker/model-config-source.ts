import type { ModelConfig, ModelConfigSource } from '../contracts';
import { ModelConfigError } from '../errors';
import type { Store } from '../storage/store';

/**
 * Reads `t_model_config` rows on first use, once per model per run: operators ask for their
 * model on their first file, so a task whose model is never needed never touches the table.
 */
export class StoreModelConfigSource implements ModelConfigSource {
  private readonly cache = new Map<string, Promise<ModelConfig>>();

  constructor(private readonly store: Store) {}

  get(modelId: string): Promise<ModelConfig> {
    let pending = this.cache.get(modelId);
    if (!pending) {
      pending = this.load(modelId);
      this.cache.set(modelId, pending);
    }
    return pending;
  }

  private async load(modelId: string): Promise<ModelConfig> {
    const row = await this.store.getModelConfig(modelId);
    if (!row) throw new ModelConfigError(`model "${modelId}" is not in t_model_config`);
    if (!row.enabled)
      throw new ModelConfigError(`model "${modelId}" is disabled in t_model_config`);
    return row;
  }
}
