import { labelElements, regionId, renderLabelConfig } from '@autoannotate/runtime/conversion/index';
import { OutputError } from '@autoannotate/runtime/errors/errors';
import type {
  Conversion,
  ConversionFile,
  ConversionTask,
  ConverterPlugin,
  OperatorFile,
  RectangleLabelsResult,
  StepOutput,
} from '@autoannotate/runtime/contracts/index';
import { localFilesUrl } from './local-files';
import { OPERATOR_NAME, isDetectionOutput } from './output';
import type { DetectionBox, DetectionOutput } from './output';
import { PACKAGE_VERSION } from './package-version';
import { toPercentBox } from './percent-box';

/** Names in the label config; results refer to them in `from_name` / `to_name`. */
const IMAGE_NAME = 'image';
const CONTROL_NAME = 'label';
const REGION_KIND = 'box';

function classesOf(task: ConversionTask): readonly string[] {
  return task.labels.classes ?? [];
}

function labelConfig(task: ConversionTask): string {
  return renderLabelConfig({
    tag: 'View',
    children: [
      { tag: 'Image', attributes: { name: IMAGE_NAME, value: `$${IMAGE_NAME}` } },
      {
        tag: 'RectangleLabels',
        attributes: { name: CONTROL_NAME, toName: IMAGE_NAME },
        children: labelElements('Label', classesOf(task)),
      },
    ],
  });
}

/** Best first; ties broken by position and label so the same boxes always get the same ids. */
function compareBoxes(a: DetectionBox, b: DetectionBox): number {
  return (
    b.score - a.score ||
    a.x1 - b.x1 ||
    a.y1 - b.y1 ||
    a.x2 - b.x2 ||
    a.y2 - b.y2 ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)
  );
}

function describeBox(box: DetectionBox): string {
  const corners = [box.x1, box.y1, box.x2, box.y2].map((value) => Math.round(value));
  return `box ${box.label} ${box.score.toFixed(3)} at [${corners.join(', ')}]`;
}

/** The outputs of the pipeline's detection steps, checked, since they may come from storage. */
function detectionOutputs(file: ConversionFile, outputs: readonly StepOutput[]): DetectionOutput[] {
  const steps = outputs.filter((step) => step.operator === OPERATOR_NAME);
  if (steps.length === 0) {
    throw new OutputError(`${file.file.relativePath}: no ${OPERATOR_NAME} step output to convert`);
  }
  return steps.map((step) => {
    if (!isDetectionOutput(step.output)) {
      throw new OutputError(
        `${file.file.relativePath}: ${OPERATOR_NAME} output is not ` +
          '{ width, height, boxes: [{ label, score, x1, y1, x2, y2 }] }',
      );
    }
    return step.output;
  });
}

/** The prediction's score: the mean of its box scores, none when there are no boxes. */
function meanScore(results: readonly RectangleLabelsResult[]): number | undefined {
  if (results.length === 0) return undefined;
  return results.reduce((sum, result) => sum + (result.score ?? 0), 0) / results.length;
}

function convert(
  task: ConversionTask,
  file: ConversionFile,
  outputs: readonly StepOutput[],
): Conversion {
  const offered = new Set(classesOf(task));
  const results: RectangleLabelsResult[] = [];
  const dropped: string[] = [];
  for (const output of detectionOutputs(file, outputs)) {
    for (const box of [...output.boxes].sort(compareBoxes)) {
      const where = describeBox(box);
      if (!offered.has(box.label)) {
        dropped.push(
          `${where}: label ${JSON.stringify(box.label)} is not among the task's classes`,
        );
        continue;
      }
      const percent = toPercentBox(box, output.width, output.height);
      if (!percent) {
        dropped.push(`${where}: no area inside the ${output.width}x${output.height} image`);
        continue;
      }
      results.push({
        id: regionId(REGION_KIND, file.file.id, results.length),
        type: 'rectanglelabels',
        from_name: CONTROL_NAME,
        to_name: IMAGE_NAME,
        original_width: output.width,
        original_height: output.height,
        image_rotation: 0,
        score: box.score,
        value: { ...percent, rotation: 0, rectanglelabels: [box.label] },
      });
    }
  }
  return { results, regionCount: results.length, dropped, score: meanScore(results) };
}

async function taskData(file: OperatorFile): Promise<Record<string, unknown>> {
  return { [IMAGE_NAME]: localFilesUrl(file.relativePath) };
}

export const converter: ConverterPlugin = {
  spec: {
    name: 'object-detection-rectangles',
    version: PACKAGE_VERSION,
    taskType: 'object-detection',
    reads: [OPERATOR_NAME],
    description:
      'Detection boxes as Label Studio RectangleLabels, in percent of the oriented image.',
  },
  labelConfig,
  convert,
  taskData,
};
