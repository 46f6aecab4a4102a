/** A row of `t_model_config`: how to reach one model. */
export interface ModelConfig {
  readonly modelId: string;
  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string;
  /** Secret; never logged, never printed, never part of an error message. */
  readonly apiKey: string;
  /** Model name sent to the endpoint. */
  readonly modelName: string;
  /** Free-form options: `timeoutMs`, `maxRetries`, `maxConcurrency`, `temperature`, ... */
  readonly options: Readonly<Record<string, unknown>>;
  readonly enabled: boolean;
}
