import * as ort from 'onnxruntime-node';
import type { RawTensor } from './decoders/decoder';
import { getDecoder } from './decoders/registry';
import { suppressPerClass } from './nms';
import { readImageTensor } from './preprocess';
import { describeSession, sessionFor } from './session-cache';
import { setUpImageThread } from './thread-setup';
import type { DescribeTask, DetectReply, DetectTask, ModelDescription } from './worker-protocol';

/** Entry of each inference thread (piscina calls the export named in `run`). */
setUpImageThread();

export async function describe(task: DescribeTask): Promise<ModelDescription> {
  return describeSession(await sessionFor(task));
}

export async function detect(task: DetectTask): Promise<DetectReply> {
  const input = { width: task.inputWidth, height: task.inputHeight };
  const read = await readImageTensor(task.filePath, input, task.maxInputPixels);
  if (!read.ok) return read;
  const { image } = read;
  const session = await sessionFor(task);
  const tensor = new ort.Tensor('float32', image.data, [1, 3, input.height, input.width]);
  const results = await session.run({ [task.inputName]: tensor });
  const outputs: RawTensor[] = session.outputNames.map((name) => {
    const output = results[name] as ort.Tensor;
    return { dims: output.dims, data: output.data as Float32Array };
  });
  const candidates = getDecoder(task.decoder).decode(outputs, {
    imageWidth: image.width,
    imageHeight: image.height,
    inputWidth: input.width,
    inputHeight: input.height,
    scoreThreshold: task.scoreThreshold,
  });
  const detections = suppressPerClass(candidates, task.iouThreshold);
  return { ok: true, width: image.width, height: image.height, detections };
}
