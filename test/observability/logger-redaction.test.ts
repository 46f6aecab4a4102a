import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '@autoannotate/runtime';

describe('logger', () => {
  it('redacts keys, tokens, passwords and database URLs at the top level and one level down', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'info', pretty: false, destination });
    logger.info(
      {
        apiKey: 'sk-1',
        token: 'ls-2',
        databaseUrl: 'mysql://root:pw@db/x',
        headers: { authorization: 'Token ls-3' },
        model: { apiKey: 'sk-4', api_key: 'sk-5' },
        config: { labelStudioToken: 'ls-6', password: 'pw-7' },
        kept: 'visible',
      },
      'secrets',
    );
    const line = JSON.parse(lines[0]!) as Record<string, any>;

    for (const secret of ['sk-1', 'ls-2', 'pw@db', 'ls-3', 'sk-4', 'sk-5', 'ls-6', 'pw-7']) {
      assert.ok(!lines[0]!.includes(secret), `${secret} leaked`);
    }
    assert.equal(line.apiKey, '[redacted]');
    assert.equal(line.model.api_key, '[redacted]');
    assert.equal(line.config.labelStudioToken, '[redacted]');
    assert.equal(line.kept, 'visible');
  });
});
