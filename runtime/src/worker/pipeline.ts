import type {
  ConverterPlugin,
  LabelSet,
  OperatorContext,
  OperatorInstance,
  OperatorPlugin,
} from '../contracts';
import { ParamsError, PipelineError } from '../errors';
import type { PluginRegistry } from '../plugins/plugin-registry';
import type { PipelineStep, Task } from '../storage/types';

/** A step whose operator is resolved and whose params are checked. */
export interface CheckedStep {
  readonly operator: OperatorPlugin;
  readonly params: unknown;
}

export interface PreparedStep {
  readonly name: string;
  readonly operator: OperatorPlugin;
  readonly instance: OperatorInstance;
}

/**
 * Resolves a pipeline against the registry and validates every step's params. Used by
 * `submit` before a task is written, and by a run before its first file.
 */
export function checkPipeline(
  registry: PluginRegistry,
  taskType: string,
  steps: readonly PipelineStep[],
): { converter: ConverterPlugin; steps: CheckedStep[] } {
  if (steps.length === 0) throw new PipelineError('the pipeline has no steps');
  const converter = registry.converter(taskType);
  const operators = steps.map((step) => registry.operator(step.operator));
  if (!steps.some((step) => converter.spec.reads.includes(step.operator))) {
    throw new PipelineError(
      `task type "${taskType}" converts the output of ${converter.spec.reads.join(', ')}; ` +
        `the pipeline has ${steps.map((s) => s.operator).join(', ')}`,
    );
  }
  const checked = steps.map((step, index) => {
    const operator = operators[index]!;
    try {
      return { operator, params: operator.spec.parseParams(step.params ?? {}) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ParamsError(`pipeline step ${index + 1} (${step.operator}): ${message}`, {
        cause: error,
      });
    }
  });
  return { converter, steps: checked };
}

/** Creates the operator instances of a run; closes the ones made if a later one fails. */
export async function prepareSteps(
  task: Task,
  steps: readonly CheckedStep[],
  contextFor: (operator: string) => OperatorContext,
): Promise<PreparedStep[]> {
  const prepared: PreparedStep[] = [];
  try {
    for (const step of steps) {
      const name = step.operator.spec.name;
      const instance = await step.operator.create(contextFor(name), step.params);
      prepared.push({ name, operator: step.operator, instance });
    }
  } catch (error) {
    await closeSteps(prepared);
    throw error;
  }
  return prepared;
}

export async function closeSteps(steps: readonly PreparedStep[]): Promise<void> {
  await Promise.allSettled(steps.map((s) => s.instance.close?.()));
}

/** Merges the label groups of every step (a group named twice keeps all names once). */
export function mergeLabels(steps: readonly PreparedStep[]): LabelSet {
  const merged = new Map<string, Set<string>>();
  for (const step of steps) {
    for (const [group, names] of Object.entries(step.instance.labels)) {
      const set = merged.get(group) ?? new Set<string>();
      names.forEach((n) => set.add(n));
      merged.set(group, set);
    }
  }
  return Object.fromEntries([...merged].map(([group, set]) => [group, [...set]]));
}
