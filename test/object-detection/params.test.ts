import assert from 'node:assert/strict';
import { operator } from '@autoannotate/operator-object-detection';
import { ErrorCodes, ParamsError } from '@autoannotate/runtime';

const { parseParams } = operator.spec;

function refusedFor(raw: unknown, field: RegExp): void {
  assert.throws(
    () => parseParams(raw),
    (error: unknown) => {
      assert.ok(error instanceof ParamsError, `expected ParamsError, got ${String(error)}`);
      assert.equal(error.code, ErrorCodes.PARAMS_INVALID);
      assert.match(error.message, field);
      return true;
    },
  );
}

describe('object-detection params', () => {
  it('fills the documented defaults', () => {
    const params = parseParams(undefined);
    assert.equal(params.modelPath, 'models/FastestDet.onnx');
    assert.equal(params.labelsPath, undefined);
    assert.equal(params.scoreThreshold, 0.5);
    assert.equal(params.iouThreshold, 0.45);
    assert.equal(params.decoder, 'fastestdet');
    assert.equal(params.targetClasses, undefined);
    assert.equal(params.inputSize, undefined);
    assert.equal(params.threads, undefined);
  });

  it('takes a square inputSize as a number and a rectangle as width and height', () => {
    assert.deepEqual(parseParams({ inputSize: 640 }).inputSize, { width: 640, height: 640 });
    assert.deepEqual(parseParams({ inputSize: { width: 320, height: 256 } }).inputSize, {
      width: 320,
      height: 256,
    });
  });

  it('names the field that is wrong', () => {
    refusedFor({ scoreThreshold: 1.5 }, /scoreThreshold/);
    refusedFor({ iouThreshold: 'high' }, /iouThreshold/);
    refusedFor({ threads: 0 }, /threads/);
    refusedFor({ targetClasses: [] }, /targetClasses/);
    refusedFor({ inputSize: -1 }, /inputSize/);
    refusedFor({ modelPath: '' }, /modelPath/);
  });

  it('refuses a misspelt field rather than ignoring it', () => {
    refusedFor({ scoreTreshold: 0.3 }, /scoreTreshold/);
  });

  it('refuses an unknown decoder and lists the known ones', () => {
    refusedFor({ decoder: 'yolov12' }, /decoder.*yolov12.*fastestdet/);
  });

  it('publishes a JSON schema of the params', () => {
    const schema = operator.spec.paramsSchema as { properties?: Record<string, unknown> };
    assert.ok(schema.properties && 'scoreThreshold' in schema.properties);
  });
});
