import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { operator } from '@autoannotate/operator-object-detection';
import type { DetectionOutput } from '@autoannotate/operator-object-detection';
import { ErrorCodes, FileError } from '@autoannotate/runtime';
import type { OperatorFile, OperatorInstance } from '@autoannotate/runtime';
import { imageFile, inputFor, makeTempDir, operatorContext, removeDir } from './support/context';
import { sharedImagePath } from './support/paths';

async function fileFailure(
  detector: OperatorInstance<DetectionOutput>,
  file: OperatorFile,
): Promise<FileError> {
  try {
    await detector.execute(inputFor(file));
  } catch (error) {
    assert.ok(error instanceof FileError, `expected FileError, got ${String(error)}`);
    assert.equal(error.code, ErrorCodes.FILE_INVALID);
    assert.ok(
      error.message.includes(file.relativePath),
      `message does not name ${file.relativePath}: ${error.message}`,
    );
    return error;
  }
  assert.fail(`${file.relativePath} was accepted`);
}

async function assertStillDetects(detector: OperatorInstance<DetectionOutput>): Promise<void> {
  const output = await detector.execute(inputFor(imageFile(sharedImagePath('plane.jpg'))));
  assert.deepEqual(
    output.boxes.map((box) => box.label),
    ['aeroplane'],
  );
}

describe('object-detection on files that cannot be used', () => {
  let dir: string;
  let detector: OperatorInstance<DetectionOutput>;

  before(async () => {
    dir = await makeTempDir();
    detector = await operator.create(operatorContext(), operator.spec.parseParams({}));
  });

  after(async () => {
    await detector?.close?.();
    await removeDir(dir);
  });

  it('fails a 20000x20000 PNG with a clear reason and goes on with the next file (C-08)', async () => {
    const hugePath = path.join(dir, 'huge.png');
    await sharp({
      create: { width: 20_000, height: 20_000, channels: 3, background: '#3366aa' },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toFile(hugePath);
    // Small on disk, 1.2 GB once decoded.
    assert.ok((await stat(hugePath)).size < 5_000_000);

    const rssBefore = process.memoryUsage().rss;
    const error = await fileFailure(detector, imageFile(hugePath, 'scans/huge.png'));
    assert.match(error.message, /20000x20000/);
    assert.match(error.message, /over the limit/);
    // Refused from the header: nothing near the decoded size was ever allocated.
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    assert.ok(grownMb < 300, `memory grew by ${grownMb.toFixed(0)} MB`);
    await assertStillDetects(detector);
  });

  it('fails each file that is not what it says with its own reason (C-09)', async () => {
    const taxis = await readFile(sharedImagePath('taxis.jpg'));
    const files = {
      empty: path.join(dir, 'empty.jpg'),
      truncated: path.join(dir, 'truncated.jpg'),
      text: path.join(dir, 'notes.png'),
      deleted: path.join(dir, 'deleted.jpg'),
    };
    await writeFile(files.empty, Buffer.alloc(0));
    await writeFile(files.truncated, taxis.subarray(0, Math.floor(taxis.length / 2)));
    await writeFile(files.text, 'shopping list: milk, eggs\n');
    await writeFile(files.deleted, taxis);
    const deletedFile = imageFile(files.deleted);
    await unlink(files.deleted);

    const reasons = [
      await fileFailure(detector, imageFile(files.empty)),
      await fileFailure(detector, imageFile(files.truncated)),
      await fileFailure(detector, imageFile(files.text)),
      await fileFailure(detector, deletedFile),
    ].map((error) => error.message);
    assert.match(reasons[0] ?? '', /empty \(0 bytes\)/);
    assert.match(reasons[1] ?? '', /cut off or corrupt/);
    assert.match(reasons[2] ?? '', /not a supported image format/);
    assert.match(reasons[3] ?? '', /not found/);
    await assertStillDetects(detector);
  });

  it('fails a named pipe as not a regular file without waiting for a writer', async () => {
    const fifo = path.join(dir, 'camera-feed.jpg');
    execFileSync('mkfifo', [fifo]);
    const error = await fileFailure(detector, imageFile(fifo));
    assert.match(error.message, /not a regular file/);
    await assertStillDetects(detector);
  });

  it('fails a text file handed to it as a file error', async () => {
    const file: OperatorFile = { ...imageFile(sharedImagePath('plane.jpg')), kind: 'text' };
    const error = await fileFailure(detector, file);
    assert.match(error.message, /reads images/);
  });

  it('gives up a file whose run was stopped with an abort', async () => {
    const controller = new AbortController();
    controller.abort();
    const file = imageFile(sharedImagePath('plane.jpg'));
    await assert.rejects(
      detector.execute(inputFor(file, controller.signal)),
      (error: Error) => error.name === 'AbortError',
    );
    await assertStillDetects(detector);
  });
});
