import type {
  ChoicesResult,
  ConversionTask,
  ConverterPlugin,
} from '@autoannotate/runtime/contracts';
import { labelElements, regionId, renderLabelConfig } from '@autoannotate/runtime/conversion';
import { outputsOf } from '@autoannotate/runtime/llm/output-shapes';
import { TEXT_OBJECT_NAME, textObjectElement } from '@autoannotate/runtime/llm/span-results';
import { OPERATOR_NAME } from './operator';
import { classificationOutputSchema } from './output';
import type { ClassificationParams } from './params';
import { PACKAGE_VERSION } from './package-version';

/** `from_name` of the classification result: the `<Choices>` control's name. */
export const CHOICES_CONTROL_NAME = 'label';

/** A task takes several choices when any classification step of its pipeline is multi-label. */
function isMultiLabel(task: ConversionTask): boolean {
  return task.steps.some(
    (step) => step.operator === OPERATOR_NAME && (step.params as ClassificationParams).multiLabel,
  );
}

export const converter: ConverterPlugin = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    taskType: 'text-classification',
    reads: [OPERATOR_NAME],
    description: 'One Label Studio choices result per text, over <Text name="text">.',
  },

  labelConfig(task) {
    const multiple = isMultiLabel(task);
    return renderLabelConfig({
      tag: 'View',
      children: [
        textObjectElement,
        {
          tag: 'Choices',
          attributes: {
            name: CHOICES_CONTROL_NAME,
            toName: TEXT_OBJECT_NAME,
            choice: multiple ? 'multiple' : 'single',
          },
          children: labelElements('Choice', task.labels.choices ?? []),
        },
      ],
    });
  },

  convert(task, { file }, outputs) {
    const dropped: string[] = [];
    const offered = task.labels.choices ?? [];
    const multiple = isMultiLabel(task);
    const chosen = new Set<string>();
    for (const output of outputsOf(OPERATOR_NAME, classificationOutputSchema, outputs, dropped)) {
      dropped.push(...output.dropped.items.map((item) => item.message));
      for (const label of output.labels) {
        if (offered.includes(label)) chosen.add(label);
        else dropped.push(`label "${label}" is not a choice of the task`);
      }
    }
    // A single-choice control shows one choice; with two classification steps the first wins.
    let choices = offered.filter((label) => chosen.has(label));
    if (!multiple && choices.length > 1) {
      const [kept, ...rest] = [...chosen];
      dropped.push(
        ...rest.map(
          (label) => `label "${label}" left out: the task takes one choice ("${kept}" kept)`,
        ),
      );
      choices = [kept!];
    }
    if (choices.length === 0) return { results: [], regionCount: 0, dropped };

    const result: ChoicesResult = {
      id: regionId('choice', file.id, 0),
      from_name: CHOICES_CONTROL_NAME,
      to_name: TEXT_OBJECT_NAME,
      type: 'choices',
      value: { choices },
    };
    return { results: [result], regionCount: 1, dropped };
  },

  async taskData(_file, readText) {
    return { text: await readText() };
  },
};
