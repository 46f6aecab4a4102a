import type { ClientOptions } from 'openai';

type Fetch = NonNullable<ClientOptions['fetch']>;

export interface AttemptLimits {
  /** Milliseconds one attempt may take, from sending the request to the last byte of the body. */
  readonly timeoutMs: number;
  /** Longest `retry-after` the client is allowed to wait out. */
  readonly maxRetryAfterMs: number;
}

/** Statuses whose responses may not carry a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The fetch the openai client uses for each attempt. The client's own timeout stops at the
 * response headers, so an endpoint that sends headers and then stalls the body would hold the
 * call forever: here the whole body is read within the attempt's deadline (an abort the client
 * reports as a timeout and retries). A `retry-after` longer than the limit is cut to it, because
 * the client waits as long as the header says, holding the model's slot, and its wait does not
 * end on abort.
 */
export function attemptFetch(limits: AttemptLimits): Fetch {
  return async (input, init) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    try {
      const response = await fetch(input, { ...init, signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: cappedRetryAfter(response.headers, limits.maxRetryAfterMs),
      });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Keeps a usable `retry-after` as it is, cuts one longer than `maxMs` to it, and removes one
 * that cannot be read or lies in the past: the openai client would retry at once on those,
 * where without a header it backs off exponentially.
 */
function cappedRetryAfter(headers: Headers, maxMs: number): Headers {
  if (!headers.has('retry-after') && !headers.has('retry-after-ms')) return headers;
  const waitMs = retryAfterMs(headers);
  if (waitMs !== undefined && waitMs > 0 && waitMs <= maxMs) return headers;
  const fixed = new Headers(headers);
  fixed.delete('retry-after');
  fixed.delete('retry-after-ms');
  if (waitMs !== undefined && waitMs > maxMs) fixed.set('retry-after-ms', String(maxMs));
  return fixed;
}

/** The wait a response asks for, read the way the openai client reads it. */
function retryAfterMs(headers: Headers): number | undefined {
  const millis = parseFloat(headers.get('retry-after-ms') ?? '');
  if (!Number.isNaN(millis)) return millis;
  const header = headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = parseFloat(header);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : date - Date.now();
}
