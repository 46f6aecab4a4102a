import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ModelConfigError, OperatorCallError, type RuntimeError } from '../errors';
import { redactSecret, truncate } from './redact';

export interface CallFacts {
  readonly modelId: string;
  readonly modelName: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  /** Attempts the client makes before giving up on a retryable failure. */
  readonly attempts: number;
}

/**
 * Turns a failure of the openai client into a runtime error with a message naming the model and
 * the reason. A refused key or an unknown model is a config problem and ends the task; anything
 * else fails the one file. The original error is not kept as `cause`: its text may hold the key.
 */
export function callFailure(error: unknown, facts: CallFacts): RuntimeError {
  const model = `model "${facts.modelId}"`;
  const detail = (): string =>
    truncate(redactSecret(String((error as Error).message), facts.apiKey));
  const givenUp = `given up after ${facts.attempts} attempt${facts.attempts === 1 ? '' : 's'}`;

  if (error instanceof APIUserAbortError) {
    return new OperatorCallError(`${model}: the call was aborted because the run is stopping`);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new OperatorCallError(`${model}: no answer within ${facts.timeoutMs} ms, ${givenUp}`);
  }
  if (error instanceof APIConnectionError) {
    const reason = truncate(redactSecret(deepestMessage(error), facts.apiKey));
    return new OperatorCallError(`${model}: cannot reach the endpoint (${reason}), ${givenUp}`);
  }
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 401 || status === 403) {
      return new ModelConfigError(`${model}: the endpoint refused the API key (${detail()})`);
    }
    if (status === 404) {
      return new ModelConfigError(
        `${model}: the endpoint does not know model "${facts.modelName}" or base_url is wrong (${detail()})`,
      );
    }
    const retried = status === 408 || status === 409 || status === 429 || (status ?? 0) >= 500;
    return new OperatorCallError(
      `${model}: the endpoint answered ${detail()}${retried ? `, ${givenUp}` : ''}`,
    );
  }
  return new OperatorCallError(`${model}: the call failed (${detail()})`);
}

/** The message at the end of an error's cause chain: `connect ECONNREFUSED ...`, not `fetch failed`. */
function deepestMessage(error: Error): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
