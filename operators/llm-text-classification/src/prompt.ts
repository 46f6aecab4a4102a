import type { ChatPrompt } from '@autoannotate/runtime/llm/chat-client';
import type { ClassificationParams } from './params';

/** The prompt for one text: the labels and the answer shape go in the system message. */
export function classificationPrompt(params: ClassificationParams, text: string): ChatPrompt {
  const labels = JSON.stringify(params.labels);
  const task = params.multiLabel
    ? `Choose every label from ${labels} that applies to the text the user sends; none may apply.`
    : `Choose the one label from ${labels} that fits the text the user sends best.`;
  const shape = params.multiLabel ? '{"labels": ["<label>", ...]}' : '{"label": "<label>"}';
  return {
    system: [
      'You label texts for a dataset.',
      task,
      ...(params.instructions === undefined
        ? []
        : [`Guidance from the dataset's author: ${params.instructions}`]),
      `Answer with one JSON object and nothing else, shaped ${shape}, using the labels exactly as listed.`,
    ].join('\n'),
    user: text,
  };
}
