/** What a secret is replaced with in any text this runtime builds from remote answers. */
export const REDACTED = '[redacted]';

/**
 * Removes every occurrence of `secret` from `text`. Endpoints echo the API key in error bodies
 * ("Incorrect API key provided: sk-..."), so every message built from a remote answer passes
 * through here before it reaches an error or a log line.
 */
export function redactSecret(text: string, secret: string): string {
  if (secret.length === 0) return text;
  return text.split(secret).join(REDACTED);
}

/** Cuts a remote text to a length fit for one error message or log field. */
export function truncate(text: string, maxLength = 300): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}...`;
}
