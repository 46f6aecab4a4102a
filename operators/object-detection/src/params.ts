import { z } from 'zod';
import { ParamsError } from '@autoannotate/runtime/errors/errors';
import { DEFAULT_DECODER, decoderNames, findDecoder } from './decoders/registry';

/** A JPEG of a 200-megapixel phone fits; a decoded picture this large is about 300 MB of RGB. */
const DEFAULT_MAX_INPUT_PIXELS = 200_000_000;

const size = z.int().positive().max(16_384);

const schema = z.strictObject({
  /** ONNX file, relative to the run's base directory or absolute. */
  modelPath: z.string().min(1).default('models/FastestDet.onnx'),
  /** Class names one per line in output order; default: the model path with `.labels.txt`. */
  labelsPath: z.string().min(1).optional(),
  scoreThreshold: z.number().gt(0).lt(1).default(0.5),
  iouThreshold: z.number().gt(0).lte(1).default(0.45),
  /** Only these classes are reported (names as in the labels file). */
  targetClasses: z.array(z.string().min(1)).min(1).optional(),
  /** Expected model input, `352` or `{ width, height }`; must match a fixed model input. */
  inputSize: z.union([size, z.strictObject({ width: size, height: size })]).optional(),
  decoder: z.string().min(1).default(DEFAULT_DECODER),
  /** Worker threads in the inference pool; default: two more than the available parallelism. */
  threads: z.int().min(1).max(256).optional(),
  /** Images with more pixels fail with a clear reason instead of being decoded. */
  maxInputPixels: z.int().positive().default(DEFAULT_MAX_INPUT_PIXELS),
});

export interface InputSize {
  readonly width: number;
  readonly height: number;
}

export interface DetectionParams {
  readonly modelPath: string;
  readonly labelsPath?: string;
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly targetClasses?: readonly string[];
  readonly inputSize?: InputSize;
  readonly decoder: string;
  /** Unset means one per available core plus one, counted on the host that runs the task. */
  readonly threads?: number;
  readonly maxInputPixels: number;
}

export const paramsJsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'params';
  return `${field}: ${issue.message}`;
}

function squareOrSize(value: number | InputSize): InputSize {
  return typeof value === 'number' ? { width: value, height: value } : value;
}

/** Validates the step's params; the error names the first wrong field. */
export function parseParams(raw: unknown): DetectionParams {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ');
    throw new ParamsError(`object-detection params: ${issues}`);
  }
  const { inputSize, ...rest } = parsed.data;
  if (!findDecoder(rest.decoder)) {
    throw new ParamsError(
      `object-detection params: decoder: unknown decoder ` +
        `${JSON.stringify(rest.decoder)} (known: ${decoderNames().join(', ')})`,
    );
  }
  return { ...rest, inputSize: inputSize === undefined ? undefined : squareOrSize(inputSize) };
}
