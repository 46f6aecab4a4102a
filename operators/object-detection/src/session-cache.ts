import * as ort from 'onnxruntime-node';
import type { OutputInfo } from './decoders/decoder';
import type { ModelDescription, ModelRef } from './worker-protocol';

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

/**
 * Threads outlive runs (see `warm-pools.ts`), so each keeps the sessions of the models it ran
 * last: a task of the same model starts at once, and a host that goes through many models does
 * not keep them all in memory.
 */
const SESSIONS_KEPT_PER_THREAD = 2;

/** Loaded sessions, least recently used first (a Map keeps insertion order). */
const sessions = new Map<string, Promise<ort.InferenceSession>>();

function forget(key: string, session: Promise<ort.InferenceSession>): void {
  sessions.delete(key);
  // This thread runs one file at a time, so no call of the dropped session is in flight.
  session.then((loaded) => loaded.release()).catch(() => undefined);
}

/**
 * The session of a model on this thread, opened on first use. The key includes the model's
 * content hash, so a model file replaced between runs is loaded again.
 */
export function sessionFor(model: ModelRef): Promise<ort.InferenceSession> {
  const key = `${model.modelVersion} ${model.modelPath}`;
  let session = sessions.get(key);
  if (session) {
    sessions.delete(key);
    sessions.set(key, session);
    return session;
  }
  session = ort.InferenceSession.create(model.modelPath, SESSION_OPTIONS);
  // A failed load is not kept, so a later call reports the failure afresh.
  session.catch(() => sessions.delete(key));
  sessions.set(key, session);
  for (const [oldKey, old] of sessions) {
    if (sessions.size <= SESSIONS_KEPT_PER_THREAD) break;
    forget(oldKey, old);
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
