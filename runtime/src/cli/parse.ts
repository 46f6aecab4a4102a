import { InvalidArgumentError } from 'commander';

/** Commander parser of a task id (or any positive integer argument). */
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  }
  return Number(value);
}

/** Commander parser of an option holding a JSON object, e.g. `--params '{"threshold": 6}'`. */
export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('must be a JSON object, e.g. {"key": "value"}');
  }
  return parsed as Record<string, unknown>;
}

/** Commander parser of a positive number of seconds or items, e.g. `--interval 0.5`. */
export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive number`);
  }
  return parsed;
}
