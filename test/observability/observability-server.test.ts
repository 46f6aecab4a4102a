import assert from 'node:assert/strict';
import { PluginRegistry, silentLogger } from '@autoannotate/runtime';
import { checkHealth } from '@autoannotate/runtime/observability/health';
import {
  startObservabilityServer,
  type ObservabilityServer,
} from '@autoannotate/runtime/observability/observability-server';
import { RuntimeMetrics } from '@autoannotate/runtime/observability/runtime-metrics';
import { makeHarness, type Harness } from '../helpers/harness';
import { tempDir, writeTextFiles } from '../helpers/temp';

describe('observability server', () => {
  let h: Harness;
  let metrics: RuntimeMetrics;
  let server: ObservabilityServer;

  async function serve(registry?: PluginRegistry): Promise<string> {
    h = await makeHarness();
    const { store, events } = h.parts;
    const activeRuns = () => h.host.activeRuns;
    metrics = new RuntimeMetrics({
      store,
      events,
      activeRuns,
      taskWorkers: 2,
      logger: silentLogger(),
    });
    server = await startObservabilityServer({
      host: '127.0.0.1',
      port: 0,
      metrics,
      logger: silentLogger(),
      health: () =>
        checkHealth({
          store,
          registry: registry ?? h.parts.registry,
          hostId: h.host.hostId,
          activeRuns,
        }),
    });
    return `http://127.0.0.1:${server.port}`;
  }

  afterEach(async () => {
    await server?.close();
    metrics?.dispose();
    await h?.close();
  });

  it('counts the files of a run per operator, failures included', async () => {
    const base = await serve();
    const dir = tempDir();
    writeTextFiles(dir, 4, () => 'text');
    await h.submit(dir, 'echo', [{ operator: 'echo-text', params: { failPattern: '0000[12]' } }]);
    await h.host.runUntilIdle();
    const text = await (await fetch(`${base}/metrics`)).text();

    assert.match(text, /^autoannotate_files_processed_total\{operator="echo-text"\} 4$/m);
    assert.match(text, /^autoannotate_files_failed_total\{operator="echo-text"\} 2$/m);
    assert.match(text, /^autoannotate_file_duration_seconds_count\{operator="echo-text"\} 2$/m);
    assert.match(text, /^autoannotate_tasks\{status="completed"\} 1$/m);
    assert.match(text, /^autoannotate_task_workers 2$/m);
  });

  it('answers 503 naming the database when it cannot be reached, and metrics still answer', async () => {
    const base = await serve();
    assert.match(
      await (await fetch(`${base}/metrics`)).text(),
      /^autoannotate_database_up 1$/m,
      'the first scrape',
    );
    await h.store.close();
    const health = await fetch(`${base}/healthz`);
    const body = (await health.json()) as {
      status: string;
      database: { ok: boolean; error: string };
    };

    assert.equal(health.status, 503);
    assert.equal(body.status, 'unavailable');
    assert.equal(body.database.ok, false);
    assert.match(body.database.error, /destroyed|closed|not open/i);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, /^autoannotate_database_up 0$/m);
  });

  it('answers 503 when no plugin is loaded', async () => {
    const base = await serve(new PluginRegistry(new Map(), new Map()));
    const health = await fetch(`${base}/healthz`);
    const body = (await health.json()) as { plugins: unknown; database: { ok: boolean } };
    assert.equal(health.status, 503);
    assert.deepEqual(body.plugins, { ok: false, operators: [], converters: [] });
    assert.equal(body.database.ok, true);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const base = await serve();
    assert.equal((await fetch(`${base}/`)).status, 404);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
  });

  it('stops counting once disposed', async () => {
    await serve();
    assert.equal(h.parts.events.listenerCount('file:done'), 1);
    metrics.dispose();
    assert.equal(h.parts.events.listenerCount('file:done'), 0);
  });
});
