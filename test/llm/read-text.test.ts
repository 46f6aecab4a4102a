import assert from 'node:assert/strict';
import { ErrorCodes } from '@autoannotate/runtime';
import { readTextFile } from '@autoannotate/runtime/files/read-text';
import { textFile } from './llm-fixtures';

describe('readTextFile', () => {
  it('decodes UTF-8 and removes a leading byte order mark', async () => {
    const file = textFile(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë 北京 🙂', 'utf8')]),
    );
    assert.equal(await readTextFile(file.path), 'Zoë 北京 🙂');
  });

  it('keeps a byte order mark that is not at the start', async () => {
    const file = textFile('a\uFEFFb');
    assert.equal(await readTextFile(file.path), 'a\uFEFFb');
  });

  it('fails a file that is not valid UTF-8 with an error naming it', async () => {
    const file = textFile(Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x21]), 'latin1.txt');
    await assert.rejects(
      readTextFile(file.path, file.relativePath),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, ErrorCodes.FILE_INVALID);
        assert.match(error.message, /latin1\.txt: the file is not valid UTF-8/);
        return true;
      },
    );
  });

  it('fails a missing file with an error naming it', async () => {
    await assert.rejects(
      readTextFile('/nonexistent/gone.txt'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, ErrorCodes.FILE_INVALID);
        assert.match(error.message, /\/nonexistent\/gone\.txt: cannot read the file \(ENOENT\)/);
        return true;
      },
    );
  });
});
