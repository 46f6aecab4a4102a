import type { ConverterPlugin } from '@autoannotate/runtime/contracts';
import { renderLabelConfig } from '@autoannotate/runtime/conversion';
import { outputsOf } from '@autoannotate/runtime/llm/output-shapes';
import {
  acceptedSpans,
  spanLabelsElement,
  spanResults,
  textObjectElement,
} from '@autoannotate/runtime/llm/span-results';
import { OPERATOR_NAME } from './operator';
import { nerOutputSchema } from './output';
import { PACKAGE_VERSION } from './package-version';

export const converter: ConverterPlugin = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    taskType: 'ner',
    reads: [OPERATOR_NAME],
    description: 'Label Studio labels spans (code-point offsets) over <Text name="text">.',
  },

  labelConfig(task) {
    return renderLabelConfig({
      tag: 'View',
      children: [spanLabelsElement(task), textObjectElement],
    });
  },

  convert(task, { file }, outputs) {
    const dropped: string[] = [];
    const found = outputsOf(OPERATOR_NAME, nerOutputSchema, outputs, dropped).flatMap((output) => {
      dropped.push(...output.dropped.items.map((item) => item.message));
      return output.entities;
    });
    const spans = acceptedSpans(task, found, dropped);
    return { results: spanResults(file.id, spans), regionCount: spans.length, dropped };
  },

  async taskData(_file, readText) {
    return { text: await readText() };
  },
};
