import assert from 'node:assert/strict';
import type { LabelStudioTask } from '@autoannotate/runtime';
import type { EditorAnnotation, LabelStudioEditor } from '../../helpers/label-studio-editor';

/**
 * Opens an exported task in the editor and gives back its prediction as the editor holds it,
 * after checking the editor showed that prediction and reported no error of any kind.
 */
export async function openPrediction(
  editor: LabelStudioEditor,
  labelConfig: string,
  task: LabelStudioTask,
): Promise<EditorAnnotation> {
  const { state, problems } = await editor.open(labelConfig, task);
  const file = String(task.meta?.file_path);
  assert.deepEqual(problems, [], `the browser reported problems for ${file}`);
  assert.deepEqual(state.editorErrors, [], `the editor reported errors for ${file}`);
  assert.equal(state.shown, 'prediction');
  assert.equal(state.annotations.length, 0);
  assert.equal(state.predictions.length, 1);
  return state.predictions[0]!;
}
