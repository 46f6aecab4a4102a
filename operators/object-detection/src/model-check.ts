import { ModelLoadError } from '@autoannotate/runtime/errors/errors';
import type { DetectionDecoder, OutputInfo } from './decoders/decoder';
import type { InputSize } from './params';
import type { ModelDescription } from './worker-protocol';

/** The image tensor the model takes, as read from the model itself. */
export interface ModelInput {
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

const sizeText = (size: InputSize) => `${size.width}x${size.height}`;
const shapeText = (info: OutputInfo) => `[${info.shape.join(', ')}]`;

/**
 * Reads the input layout `[1, 3, height, width]` (float32) from the model. A fixed size wins
 * and a configured `inputSize` must agree with it; a symbolic size needs `inputSize`. Any
 * mismatch refuses the task here, before the first file.
 */
export function resolveModelInput(
  description: ModelDescription,
  modelPath: string,
  configured: InputSize | undefined,
): ModelInput {
  const [input, ...others] = description.inputs;
  if (input === undefined || others.length > 0) {
    throw new ModelLoadError(
      `model ${modelPath} has ${description.inputs.length} inputs; ` +
        'the object-detection operator feeds exactly one image tensor',
    );
  }
  const [batch, channels, height, width] = input.shape;
  const layoutFits =
    input.type === 'float32' &&
    input.shape.length === 4 &&
    (batch === 1 || typeof batch === 'string') &&
    (channels === 3 || typeof channels === 'string');
  if (!layoutFits) {
    throw new ModelLoadError(
      `model ${modelPath}: input ${input.name} is ${input.type} ` +
        `${shapeText(input)}; expected float32 [1, 3, height, width]`,
    );
  }
  if (typeof width === 'number' && typeof height === 'number') {
    const fixed = { width, height };
    if (configured && (configured.width !== width || configured.height !== height)) {
      throw new ModelLoadError(
        `object-detection params: inputSize ${sizeText(configured)} ` +
          `differs from the fixed input ${sizeText(fixed)} of model ${modelPath}; ` +
          "drop inputSize or set it to the model's size",
      );
    }
    return { name: input.name, ...fixed };
  }
  if (!configured) {
    throw new ModelLoadError(
      `model ${modelPath}: input ${input.name} has no fixed size ` +
        `${shapeText(input)}; set param inputSize`,
    );
  }
  return { name: input.name, ...configured };
}

/**
 * Checks that the decoder understands the model's outputs and that the labels file names
 * exactly as many classes as the outputs carry.
 */
export function checkOutputs(
  description: ModelDescription,
  modelPath: string,
  decoder: DetectionDecoder,
  classNames: readonly string[],
  labelsPath: string,
): void {
  const notFloat = description.outputs.find((output) => output.type !== 'float32');
  if (notFloat) {
    throw new ModelLoadError(
      `model ${modelPath}: output ${notFloat.name} is ${notFloat.type}, ` + 'expected float32',
    );
  }
  let classes: number;
  try {
    classes = decoder.classCount(description.outputs);
  } catch (error) {
    throw new ModelLoadError(
      `model ${modelPath} does not fit decoder ${decoder.name}: ` + `${(error as Error).message}`,
      { cause: error },
    );
  }
  if (classes !== classNames.length) {
    throw new ModelLoadError(
      `model ${modelPath} has ${classes} classes but labels file ` +
        `${labelsPath} names ${classNames.length}`,
    );
  }
}
