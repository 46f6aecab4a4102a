import type { ConverterPlugin, OperatorPlugin } from '../contracts';

/**
 * Shape checks of the operator and converter contracts. Each returns the problems found, in
 * words that name the member, so the host's start-up error says exactly what is wrong.
 */
const INPUT_KINDS = new Set(['image', 'text']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function checkSpecBasics(spec: Record<string, unknown>, problems: string[]): void {
  for (const key of ['name', 'version', 'description']) {
    if (typeof spec[key] !== 'string' || spec[key] === '')
      problems.push(`spec.${key} must be a non-empty string`);
  }
  if (typeof spec.name === 'string' && !/^[a-z0-9][a-z0-9._-]*$/.test(spec.name)) {
    problems.push(`spec.name "${spec.name}" must be lower-case letters, digits, '.', '_' or '-'`);
  }
}

export function operatorProblems(value: unknown): string[] {
  if (!isObject(value)) return ['the export is not an object'];
  const problems: string[] = [];
  const spec = value.spec;
  if (!isObject(spec)) return ['spec is missing'];
  checkSpecBasics(spec, problems);
  const kinds = spec.inputKinds;
  if (
    !Array.isArray(kinds) ||
    kinds.length === 0 ||
    !kinds.every((k) => INPUT_KINDS.has(k as string))
  ) {
    problems.push('spec.inputKinds must be a non-empty list of "image" / "text"');
  }
  if (typeof spec.parseParams !== 'function') problems.push('spec.parseParams must be a function');
  if (typeof value.create !== 'function') problems.push('create must be a function');
  if (value.dispose !== undefined && typeof value.dispose !== 'function') {
    problems.push('dispose must be a function when present');
  }
  return problems;
}

export function converterProblems(value: unknown): string[] {
  if (!isObject(value)) return ['the export is not an object'];
  const problems: string[] = [];
  const spec = value.spec;
  if (!isObject(spec)) return ['spec is missing'];
  checkSpecBasics(spec, problems);
  if (typeof spec.taskType !== 'string' || spec.taskType === '')
    problems.push('spec.taskType must be a non-empty string');
  const reads = spec.reads;
  if (!Array.isArray(reads) || reads.length === 0 || !reads.every((r) => typeof r === 'string')) {
    problems.push('spec.reads must be a non-empty list of operator names');
  }
  for (const key of ['labelConfig', 'convert', 'taskData']) {
    if (typeof value[key] !== 'function') problems.push(`${key} must be a function`);
  }
  return problems;
}

export function isOperator(value: unknown): value is OperatorPlugin {
  return operatorProblems(value).length === 0;
}

export function isConverter(value: unknown): value is ConverterPlugin {
  return converterProblems(value).length === 0;
}
