import fs from 'node:fs';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { PipelineStep } from '../storage/types';
import { UsageError } from './usage-error';

const stepSchema = z
  .object({
    operator: z.string().min(1),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const stepsSchema = z.array(stepSchema).min(1);

export interface PipelineFlags {
  operator?: string;
  params?: Record<string, unknown>;
  pipelineFile?: string;
}

/** The pipeline a `submit` describes, from `--operator`/`--params` or from `--pipeline-file`. */
export function pipelineFrom(flags: PipelineFlags): PipelineStep[] {
  if (flags.pipelineFile !== undefined) return readPipelineFile(flags.pipelineFile);
  if (flags.operator === undefined) {
    throw new UsageError(
      'give the pipeline: --operator NAME [--params JSON], or --pipeline-file FILE',
    );
  }
  return [{ operator: flags.operator, params: flags.params ?? {} }];
}

function readPipelineFile(file: string): PipelineStep[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`pipeline file ${file} does not exist`);
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`pipeline file ${file} is not valid JSON (${(error as Error).message})`);
  }
  // A pipeline file is a list of steps, or an object holding that list under "pipeline".
  const wrapped = typeof json === 'object' && json !== null && !Array.isArray(json);
  const parsed = stepsSchema.safeParse(wrapped ? (json as { pipeline?: unknown }).pipeline : json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = [...(wrapped ? ['pipeline'] : []), ...(issue?.path ?? [])].join('.') || '(root)';
    throw new UsageError(
      `pipeline file ${file}: ${where}: ${issue?.message} ` +
        '(expected [{"operator": "name", "params": {...}}, ...] or {"pipeline": [...]})',
    );
  }
  return parsed.data;
}
