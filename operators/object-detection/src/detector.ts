import { FileError, OperatorCallError } from '@autoannotate/runtime/errors/errors';
import type {
  LabelSet,
  OperatorInput,
  OperatorInstance,
} from '@autoannotate/runtime/contracts/index';
import type { Detection } from './decoders/decoder';
import type { DetectionBox, DetectionOutput } from './output';
import type { PoolLease } from './warm-pools';
import type { DetectTask } from './worker-protocol';

/** Everything a detector needs per file, fixed when the run starts. */
export interface DetectorSetup {
  /** The run's share of the inference threads, handed back when the run closes. */
  readonly lease: PoolLease;
  /** The pool task without the file. */
  readonly task: Omit<DetectTask, 'filePath'>;
  /** Class names in model output order. */
  readonly classNames: readonly string[];
  /** The classes reported; other detections are left out. */
  readonly reportedClasses: readonly string[];
  readonly modelVersion: string;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** One object-detection operator prepared for one run. */
export class Detector implements OperatorInstance<DetectionOutput> {
  readonly labels: LabelSet;
  readonly modelVersion: string;
  readonly #setup: DetectorSetup;
  readonly #reported: ReadonlySet<string>;

  constructor(setup: DetectorSetup) {
    this.#setup = setup;
    this.#reported = new Set(setup.reportedClasses);
    this.labels = { classes: [...setup.reportedClasses] };
    this.modelVersion = setup.modelVersion;
  }

  async execute(input: OperatorInput): Promise<DetectionOutput> {
    const { file } = input;
    if (file.kind !== 'image') {
      throw new FileError(
        `${file.relativePath}: object-detection reads images, ` + `this is a ${file.kind} file`,
      );
    }
    const task = { ...this.#setup.task, filePath: file.path };
    let reply;
    try {
      reply = await this.#setup.lease.pool.detect(task, input.signal);
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new OperatorCallError(
        `${file.relativePath}: inference failed: ` + `${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!reply.ok) throw new FileError(`${file.relativePath}: ${reply.reason}`);
    const boxes = reply.detections.flatMap((detection) => this.#toBox(detection));
    return { width: reply.width, height: reply.height, boxes };
  }

  #toBox(detection: Detection): DetectionBox[] {
    const label = this.#setup.classNames[detection.classIndex];
    if (label === undefined || !this.#reported.has(label)) return [];
    const { score, x1, y1, x2, y2 } = detection;
    return [{ label, score, x1, y1, x2, y2 }];
  }

  /** Hands the threads back; they stay up for the next run (see `warm-pools.ts`). */
  async close(): Promise<void> {
    this.#setup.lease.release();
  }
}
