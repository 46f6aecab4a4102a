import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp';
import { ErrorCodes } from '@autoannotate/runtime';
import { MAX_TEXT_BYTES, readTextFile } from '@autoannotate/runtime/files/read-text';
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

  it('fails a FIFO named .txt instead of waiting on it forever (C-09)', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(
      readTextFile(fifo, 'pipe.txt'),
      /^FileError: pipe\.txt: not a regular file$/,
    );
  });

  it('fails a text file over the size one item may have, without reading it', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_TEXT_BYTES + 1);
    await assert.rejects(
      readTextFile(big, 'big.txt'),
      /big\.txt: 8\.0 MiB of text, over the 8 MiB/,
    );
  });
});
