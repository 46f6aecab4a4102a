import * as ort from 'onnxruntime-node';
import type { OutputInfo } from './decoders/decoder';
import type { ModelDescription } from './worker-protocol';

/**
 * One inference session per model file and thread, opened on first use. One intra-op and one
 * inter-op thread each: the pool already runs one thread per core, and on a busy 2-core machine
 * a single ONNX thread measured both faster and steadier than two.
 */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
};

const sessions = new Map<string, Promise<ort.InferenceSession>>();

export function sessionFor(modelPath: string): Promise<ort.InferenceSession> {
  let session = sessions.get(modelPath);
  if (!session) {
    session = ort.InferenceSession.create(modelPath, SESSION_OPTIONS);
    // A failed load is not cached, so a later call reports the failure afresh.
    session.catch(() => sessions.delete(modelPath));
    sessions.set(modelPath, session);
  }
  return session;
}

function toInfo(metadata: ort.InferenceSession.ValueMetadata): OutputInfo {
  if (!metadata.isTensor) return { name: metadata.name, type: 'non-tensor', shape: [] };
  return { name: metadata.name, type: metadata.type, shape: [...metadata.shape] };
}

export function describeSession(session: ort.InferenceSession): ModelDescription {
  return {
    inputs: session.inputMetadata.map(toInfo),
    outputs: session.outputMetadata.map(toInfo),
  };
}
