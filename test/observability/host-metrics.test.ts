import assert from 'node:assert/strict';
import { makeCliHome, waitFor, echoSubmit } from '../cli/support/cli-home';
import { tempDir, writeTextFiles } from '../helpers/temp';

/** The value of one sample line of the exposition text, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics and health of a running host', () => {
  it('serves /healthz and /metrics with task, file, latency, write and pool figures', async () => {
    const cli = makeCliHome();
    const dir = tempDir();
    writeTextFiles(dir, 5, (i) => `note ${i}`);
    await cli.run(['datasets', 'add', dir, '--name', 'notes']);
    await cli.run([...echoSubmit('notes'), '--params', '{"failPattern": "00003", "delayMs": 300}']);
    await cli.run([...echoSubmit('notes'), '--name', 'later']);
    await cli.run(['stop', '2']);
    const host = cli.start(['host'], {
      METRICS_PORT: '0',
      METRICS_HOST: '127.0.0.1',
      FILE_WORKERS: '1',
    });
    try {
      const [, port] = await host.waitForStderr(/"port":(\d+),"msg":"metrics server listening"/);
      const base = `http://127.0.0.1:${port}`;
      const store = cli.openStore();
      try {
        const inStatus = (status: string) => async () =>
          (await store.getTask(1))?.status === status ? true : undefined;
        await waitFor('task 1 to run', inStatus('running'));
        const during = await (await fetch(`${base}/metrics`)).text();
        assert.equal(sample(during, 'autoannotate_task_runs_active'), 1);
        assert.equal(sample(during, 'autoannotate_task_pool_utilisation'), 1);
        assert.equal(sample(during, 'autoannotate_tasks{status="running"}'), 1);
        await waitFor('task 1 to end', inStatus('completed'));
      } finally {
        await store.close();
      }

      const response = await fetch(`${base}/metrics`);
      const text = await response.text();
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.match(text, /^# HELP autoannotate_files_processed_total Files this host finished/m);
      assert.match(text, /^# TYPE autoannotate_file_duration_seconds histogram$/m);
      const expected: Array<[string, number]> = [
        ['autoannotate_tasks{status="completed"}', 1],
        ['autoannotate_tasks{status="stopped"}', 1],
        ['autoannotate_tasks{status="pending"}', 0],
        ['autoannotate_tasks{status="running"}', 0],
        ['autoannotate_database_up', 1],
        ['autoannotate_files_processed_total{operator="echo-text"}', 5],
        ['autoannotate_files_failed_total{operator="echo-text"}', 1],
        ['autoannotate_file_duration_seconds_count{operator="echo-text"}', 4],
        ['autoannotate_file_duration_seconds_bucket{le="0.1",operator="echo-text"}', 0],
        ['autoannotate_file_duration_seconds_bucket{le="+Inf",operator="echo-text"}', 4],
        ['autoannotate_task_runs_claimed_total', 1],
        ['autoannotate_task_runs_ended_total{outcome="completed"}', 1],
        ['autoannotate_task_runs_active', 0],
        ['autoannotate_task_workers', 1],
        ['autoannotate_task_pool_utilisation', 0],
      ];
      for (const [series, value] of expected) assert.equal(sample(text, series), value, series);
      assert.ok(
        sample(text, 'autoannotate_file_duration_seconds_sum{operator="echo-text"}')! >= 4 * 0.3,
      );
      assert.ok(
        sample(text, 'autoannotate_progress_writes_total')! >= 5,
        'a write after each file',
      );
      assert.ok(sample(text, 'autoannotate_heartbeat_writes_total')! >= 1);
      assert.ok(sample(text, 'process_resident_memory_bytes')! > 0, 'default process metrics');

      const health = await fetch(`${base}/healthz`);
      const body = (await health.json()) as Record<string, any>;
      assert.equal(health.status, 200);
      assert.equal(body.status, 'ok');
      assert.deepEqual(body.database, { ok: true, dialect: 'sqlite' });
      assert.deepEqual(body.plugins, { ok: true, operators: ['echo-text'], converters: ['echo'] });
      assert.equal(body.activeRuns, 0);
    } finally {
      host.child.kill('SIGTERM');
      const ended = await host.ended();
      assert.equal(ended.code, 0, ended.stderr);
    }
  });

  it('stops the host with exit 5 when the metrics port is taken', async () => {
    const cli = makeCliHome();
    const first = cli.start(['host'], { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' });
    try {
      const [, port] = await first.waitForStderr(/"port":(\d+),"msg":"metrics server listening"/);
      const second = await cli.run(['host'], { METRICS_PORT: port!, METRICS_HOST: '127.0.0.1' });
      assert.equal(second.code, 5);
      assert.match(
        second.stderr,
        new RegExp(
          `^error EADDRINUSE: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}$`,
          'm',
        ),
      );
    } finally {
      first.child.kill('SIGTERM');
      assert.equal((await first.ended()).code, 0);
    }
  });
});
