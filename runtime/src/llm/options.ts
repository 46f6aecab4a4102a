import { z } from 'zod';
import type { ModelConfig } from '../contracts';
import { ModelConfigError } from '../errors';

/** The `options` of a model config that the LLM client reads, with their defaults. */
export interface LlmOptions {
  /** Milliseconds one attempt may take, up to the last byte of the answer, before it is retried. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, on 408/409/429/5xx, connection errors and timeouts. */
  readonly maxRetries: number;
  /** Longest `retry-after` waited out; a longer one is cut to this. */
  readonly maxRetryAfterMs: number;
  /** Calls in flight at once to this model, across every operator of the process. */
  readonly maxConcurrency: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** `response_format`: ask for a JSON object; `none`: rely on the prompt alone. */
  readonly jsonMode: 'response_format' | 'none';
}

const optionsSchema = z.object({
  timeoutMs: z.number().int().positive().default(60_000),
  maxRetries: z.number().int().min(0).max(20).default(4),
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  maxConcurrency: z.number().int().positive().max(1024).default(8),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
  jsonMode: z.enum(['response_format', 'none']).default('response_format'),
});

/** Validates a model config for the LLM client; other option keys are left to other readers. */
export function parseLlmOptions(config: ModelConfig): LlmOptions {
  if (!/^https?:\/\/[^/]/.test(config.baseUrl) || !URL.canParse(config.baseUrl)) {
    throw new ModelConfigError(
      `model config "${config.modelId}": base_url ${JSON.stringify(config.baseUrl)} is not an http(s) URL`,
    );
  }
  if (new URL(config.baseUrl).username !== '') {
    throw new ModelConfigError(
      `model config "${config.modelId}": base_url must not carry credentials; put the key in api_key`,
    );
  }
  if (config.modelName.trim() === '') {
    throw new ModelConfigError(`model config "${config.modelId}": model_name is empty`);
  }
  const parsed = optionsSchema.safeParse(config.options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['options', ...(issue?.path ?? [])].join('.');
    throw new ModelConfigError(`model config "${config.modelId}": ${field}: ${issue?.message}`);
  }
  return parsed.data;
}
