import assert from 'node:assert/strict';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { operator } from '@autoannotate/operator-object-detection';
import { ErrorCodes, ModelLoadError, ParamsError } from '@autoannotate/runtime';
import { imageFile, inputFor, makeTempDir, operatorContext, removeDir } from './support/context';
import { sharedImagePath, sharedLabelsPath, sharedModelPath } from './support/paths';

function create(raw: unknown, baseDir?: string) {
  return operator.create(operatorContext(baseDir), operator.spec.parseParams(raw));
}

async function refusal(raw: unknown, baseDir?: string): Promise<Error> {
  try {
    const instance = await create(raw, baseDir);
    await instance.close?.();
  } catch (error) {
    return error as Error;
  }
  assert.fail('create() accepted the setup');
}

describe('object-detection model loading', () => {
  let dir: string | undefined;

  before(async () => {
    dir = await makeTempDir();
  });

  after(async () => {
    await removeDir(dir);
  });

  it("refuses at create() an inputSize that differs from the model's fixed input (C-07)", async () => {
    const error = await refusal({ inputSize: 640 });
    assert.ok(error instanceof ModelLoadError, String(error));
    assert.equal(error.code, ErrorCodes.MODEL_LOAD);
    assert.match(error.message, /640x640/);
    assert.match(error.message, /352x352/);
    assert.match(error.message, /FastestDet\.onnx/);
  });

  it("accepts an inputSize equal to the model's input (C-07)", async () => {
    const instance = await create({ inputSize: { width: 352, height: 352 }, threads: 1 });
    try {
      const output = await instance.execute(inputFor(imageFile(sharedImagePath('chelsea.png'))));
      assert.deepEqual(
        output.boxes.map((box) => box.label),
        ['cat'],
      );
    } finally {
      await instance.close?.();
    }
  });

  it('fails the task at start when the model file is missing, naming the path', async () => {
    const error = await refusal({ modelPath: 'models/NoSuchModel.onnx' });
    assert.ok(error instanceof ModelLoadError, String(error));
    assert.match(error.message, /models\/NoSuchModel\.onnx/);
  });

  it('fails the task at start when the model file is not ONNX, naming the path', async () => {
    assert.ok(dir);
    await writeFile(path.join(dir, 'broken.onnx'), 'this is not a protobuf');
    await copyFile(sharedLabelsPath, path.join(dir, 'broken.labels.txt'));
    const error = await refusal({ modelPath: 'broken.onnx', threads: 1 }, dir);
    assert.ok(error instanceof ModelLoadError, String(error));
    assert.match(error.message, /broken\.onnx/);
  });

  it('loads a model file replaced between runs afresh instead of its kept session', async () => {
    assert.ok(dir);
    const modelPath = path.join(dir, 'swapped.onnx');
    await copyFile(sharedModelPath, modelPath);
    await copyFile(sharedLabelsPath, path.join(dir, 'swapped.labels.txt'));
    const params = { modelPath: 'swapped.onnx', threads: 1 };
    const first = await create(params, dir);
    const output = await first.execute(inputFor(imageFile(sharedImagePath('plane.jpg'))));
    assert.deepEqual(
      output.boxes.map((box) => box.label),
      ['aeroplane'],
    );
    await first.close?.();
    // The next run gets the same warm thread; its kept session must not stand in for the file.
    await writeFile(modelPath, 'this is not a protobuf');
    const error = await refusal(params, dir);
    assert.ok(error instanceof ModelLoadError, String(error));
    assert.match(error.message, /swapped\.onnx/);
  });

  it('refuses a labels file that names fewer classes than the model has', async () => {
    assert.ok(dir);
    await copyFile(sharedModelPath, path.join(dir, 'short.onnx'));
    await writeFile(path.join(dir, 'short.labels.txt'), 'person\nbicycle\ncar\n');
    const error = await refusal({ modelPath: 'short.onnx', threads: 1 }, dir);
    assert.ok(error instanceof ModelLoadError, String(error));
    assert.match(error.message, /80 classes/);
    assert.match(error.message, /short\.labels\.txt names 3/);
  });

  it('refuses an unknown targetClasses name, naming it', async () => {
    const error = await refusal({ targetClasses: ['car', 'spaceship'] });
    assert.ok(error instanceof ParamsError, String(error));
    assert.equal(error.code, ErrorCodes.PARAMS_INVALID);
    assert.match(error.message, /targetClasses/);
    assert.match(error.message, /"spaceship"/);
    assert.ok(!error.message.includes('toothbrush'), 'the message lists all 80 classes');
  });

  it("points to the model's spelling of a class named differently", async () => {
    const error = await refusal({ targetClasses: ['Car'] });
    assert.ok(error instanceof ParamsError);
    assert.match(error.message, /did you mean "car"/);
  });

  it('offers and reports only the target classes, in model order', async () => {
    const instance = await create({ targetClasses: ['dog', 'person'], threads: 1 });
    try {
      assert.deepEqual(instance.labels.classes, ['person', 'dog']);
      const output = await instance.execute(inputFor(imageFile(sharedImagePath('jockey.jpg'))));
      // jockey.jpg also holds a horse at 0.917, which is not a target class.
      assert.deepEqual(
        output.boxes.map((box) => box.label),
        ['person', 'person'],
      );
    } finally {
      await instance.close?.();
    }
  });
});
