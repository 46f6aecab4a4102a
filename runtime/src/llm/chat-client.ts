import { APIUserAbortError, BadRequestError, OpenAI } from 'openai';
import type { ModelConfig } from '../contracts';
import { OperatorCallError, OutputError, RuntimeError } from '../errors';
import type { Logger } from '../logging/logger';
import { attemptFetch } from './attempt-fetch';
import { callFailure, type CallFacts } from './call-errors';
import { extractJson } from './json-extract';
import { slotsForModel, type ModelSlots } from './model-slots';
import { openAiLogger } from './openai-logger';
import type { LlmOptions } from './options';
import { redactSecret, truncate } from './redact';

type Completion = OpenAI.Chat.Completions.ChatCompletion;

/** One prompt: the instructions and the text they apply to. */
export interface ChatPrompt {
  readonly system: string;
  readonly user: string;
}

/**
 * Asks one model of an OpenAI-compatible endpoint for a JSON answer. Retries with backoff and
 * `retry-after` are the openai client's; `attemptFetch` bounds each attempt as a whole. This
 * class adds the per-model limit on calls in flight, the fallback for servers that reject
 * `response_format`, and the reading of the answer.
 */
export class ChatClient {
  private readonly openai: OpenAI;
  private readonly slots: ModelSlots;
  private readonly facts: CallFacts;
  /** Turned off for good once the endpoint rejects `response_format` with a 400. */
  private useResponseFormat: boolean;

  constructor(
    private readonly config: ModelConfig,
    private readonly options: LlmOptions,
    private readonly logger: Logger,
  ) {
    const keyless = config.apiKey === '';
    this.openai = new OpenAI({
      // The client insists on a key; for endpoints without one it is a placeholder never sent.
      apiKey: keyless ? 'no-key' : config.apiKey,
      ...(keyless ? { defaultHeaders: { authorization: null } } : {}),
      baseURL: config.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
      fetch: attemptFetch(options),
      logger: openAiLogger(logger, config.apiKey),
      logLevel: 'debug',
      // Explicit nulls keep the client from reading OPENAI_* variables of the host.
      organization: null,
      project: null,
      webhookSecret: null,
    });
    this.slots = slotsForModel(config.modelId, options.maxConcurrency);
    this.useResponseFormat = options.jsonMode === 'response_format';
    this.facts = {
      modelId: config.modelId,
      modelName: config.modelName,
      apiKey: config.apiKey,
      timeoutMs: options.timeoutMs,
      attempts: options.maxRetries + 1,
    };
  }

  get modelId(): string {
    return this.config.modelId;
  }

  /** Sends the prompt and returns the JSON value found in the answer. */
  async completeJson(prompt: ChatPrompt, signal?: AbortSignal): Promise<unknown> {
    const started = Date.now();
    let completion: Completion;
    try {
      completion = await settleOnAbort(
        this.slots.run(() => this.request(prompt, signal), signal),
        signal,
      );
    } catch (error) {
      throw this.toRuntimeError(error, signal);
    }
    const choice = completion.choices?.[0];
    this.logger.debug(
      {
        modelId: this.config.modelId,
        durationMs: Date.now() - started,
        finishReason: choice?.finish_reason,
        promptTokens: completion.usage?.prompt_tokens,
        completionTokens: completion.usage?.completion_tokens,
      },
      'model answered',
    );
    return this.readJson(choice);
  }

  private async request(prompt: ChatPrompt, signal?: AbortSignal): Promise<Completion> {
    if (!this.useResponseFormat) return this.send(prompt, false, signal);
    try {
      return await this.send(prompt, true, signal);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      // A 400 may have other causes; only a success without response_format proves it was that.
      const answer = await this.send(prompt, false, signal);
      if (this.useResponseFormat) {
        this.useResponseFormat = false;
        this.logger.warn(
          { modelId: this.config.modelId },
          'the endpoint rejects response_format; asking for JSON through the prompt only',
        );
      }
      return answer;
    }
  }

  private send(prompt: ChatPrompt, jsonFormat: boolean, signal?: AbortSignal): Promise<Completion> {
    const { temperature, maxTokens } = this.options;
    return this.openai.chat.completions.create(
      {
        model: this.config.modelName,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        ...(temperature !== undefined ? { temperature } : {}),
        ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
        ...(jsonFormat ? { response_format: { type: 'json_object' as const } } : {}),
      },
      { signal },
    );
  }

  private readJson(choice: Completion['choices'][number] | undefined): unknown {
    const model = `model "${this.config.modelId}"`;
    if (choice === undefined) throw new OutputError(`${model}: the answer has no choices`);
    if (choice.finish_reason === 'length') {
      const limit = this.options.maxTokens === undefined ? '' : ` of ${this.options.maxTokens}`;
      throw new OutputError(
        `${model}: the answer was cut off at the token limit${limit} (finish_reason "length"); ` +
          'a truncated answer is not used',
      );
    }
    if (choice.finish_reason === 'content_filter') {
      throw new OutputError(`${model}: the endpoint's content filter withheld the answer`);
    }
    const content = choice.message?.content ?? '';
    if (content.trim() === '') throw new OutputError(`${model}: the answer is empty`);
    const found = extractJson(content);
    if (found === undefined) {
      const shown = truncate(redactSecret(content, this.config.apiKey), 200);
      throw new OutputError(`${model}: no JSON object in the answer ${JSON.stringify(shown)}`);
    }
    return found.value;
  }

  private toRuntimeError(error: unknown, signal?: AbortSignal): RuntimeError {
    if (error instanceof RuntimeError) return error;
    if (signal?.aborted === true) {
      return new OperatorCallError(
        `model "${this.config.modelId}": the call was aborted because the run is stopping`,
      );
    }
    return callFailure(error, this.facts);
  }
}

/**
 * The openai client sleeps out a `retry-after` without watching the signal, so a stop during a
 * long wait would hang the file. The caller gets the abort at once; the client's own promise
 * ends (and frees its slot) when its sleep does, its rejection silenced here.
 */
function settleOnAbort<T>(call: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return call;
  call.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new APIUserAbortError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
