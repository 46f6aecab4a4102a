import type { LabelSet, OperatorFile, StepOutput } from './operator';
import type { LabelStudioResult } from './label-studio';

/**
 * The converter contract: turns operator outputs into Label Studio results for one task type.
 * A converter package exports one `ConverterPlugin` (as `default` or as `converter`).
 */

/** What a converter knows about the task it converts for. */
export interface ConversionTask {
  readonly taskId: number;
  readonly taskType: string;
  /** Labels of every operator instance of the pipeline, merged group by group. */
  readonly labels: LabelSet;
  /** The pipeline's steps with their checked params, for settings such as multi-label. */
  readonly steps: ReadonlyArray<{ readonly operator: string; readonly params: unknown }>;
}

/** Per-file facts a converter may need besides the outputs. */
export interface ConversionFile {
  readonly file: OperatorFile;
}

/** What a converter made of one file. */
export interface Conversion {
  readonly results: LabelStudioResult[];
  /** Regions found (boxes, spans, choices), counted into `detected_objects`. */
  readonly regionCount: number;
  /** Items dropped because they broke the label set or the shape rules, with why. */
  readonly dropped: readonly string[];
  /** Confidence of the whole prediction, if the operator gives one. */
  readonly score?: number;
}

export interface ConverterSpec {
  /** Unique converter name. */
  readonly name: string;
  readonly version: string;
  /** Task type this converter serves (`object-detection`, `text-classification`, ...). */
  readonly taskType: string;
  readonly description: string;
  /**
   * Operators whose output this converter turns into results. A pipeline with none of them is
   * refused when it is submitted, instead of running to empty results.
   */
  readonly reads: readonly string[];
}

export interface ConverterPlugin {
  readonly spec: ConverterSpec;
  /** Label config XML for the labeling project, built with an XML library. */
  labelConfig(task: ConversionTask): string;
  /** Label Studio results for one file, from the outputs of every pipeline step. */
  convert(task: ConversionTask, file: ConversionFile, outputs: readonly StepOutput[]): Conversion;
  /**
   * The `data` object of the Label Studio task for a file (keys match the label config's
   * `$variables`). `readText` gives the exact text of a text file.
   */
  taskData(file: OperatorFile, readText: () => Promise<string>): Promise<Record<string, unknown>>;
}
