import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Label Studio server on 127.0.0.1 with the endpoints a push uses, shaped as the
 * Label Studio API documents them: paginated `/api/projects/`, `/api/tasks/?project=` answering
 * `{tasks, total}` and 404 past the last page, `/api/projects/{id}/import` (optionally run in
 * the background, as newer servers do), `/api/predictions/`, legacy `Token` and personal access
 * tokens exchanged at `/api/token/refresh`. Paths must match exactly, trailing slash included.
 */

export interface StubProject {
  id: number;
  title: string;
  description: string;
  label_config: string;
}

export interface StubTask {
  id: number;
  project: number;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
}

export interface StubPrediction {
  id: number;
  task: number;
  model_version: string | null;
  score: number | null;
  result: unknown;
}

export interface StubOptions {
  /** Legacy token accepted as `Authorization: Token <token>`. */
  readonly token?: string;
  /** Personal access token (a JWT-shaped string) exchanged for `Bearer` access tokens. */
  readonly personalToken?: string;
  /** Import answers `{import: id}` and finishes only when polled. */
  readonly asyncImport?: boolean;
  /** Store imported tasks without their `meta`, as a server that ignores it would. */
  readonly dropMeta?: boolean;
  /** Projects per page of `/api/projects/`. */
  readonly projectsPageSize?: number;
}

export interface LabelStudioStub {
  readonly url: string;
  readonly projects: StubProject[];
  readonly tasks: StubTask[];
  readonly predictions: StubPrediction[];
  /** `METHOD /path?query` of every request, in order. */
  readonly requests: string[];
  /** Makes every access token issued so far invalid (they expire after minutes on a real server). */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export async function startLabelStudioStub(options: StubOptions = {}): Promise<LabelStudioStub> {
  const projects: StubProject[] = [];
  const tasks: StubTask[] = [];
  const predictions: StubPrediction[] = [];
  const requests: string[] = [];
  const imports = new Map<number, { polls: number }>();
  let accessTokens = new Set<string>();
  let nextId = 1;
  const newId = () => nextId++;

  const authorised = (header: string | undefined): boolean => {
    if (options.token && header === `Token ${options.token}`) return true;
    return (
      header?.startsWith('Bearer ') === true && accessTokens.has(header.slice('Bearer '.length))
    );
  };

  const addPredictions = (taskId: number, list: unknown) => {
    for (const p of Array.isArray(list) ? (list as Array<Record<string, unknown>>) : []) {
      predictions.push({
        id: newId(),
        task: taskId,
        model_version: (p.model_version as string) ?? null,
        score: (p.score as number) ?? null,
        result: p.result ?? [],
      });
    }
  };

  const handle = (
    method: string,
    url: URL,
    body: unknown,
    auth: string | undefined,
  ): [number, unknown] => {
    const route = url.pathname;
    if (method === 'POST' && route === '/api/token/refresh') {
      const refresh = (body as { refresh?: string })?.refresh;
      if (!options.personalToken || refresh !== options.personalToken) {
        throw new HttpError(401, {
          detail: 'Token is invalid or expired',
          code: 'token_not_valid',
        });
      }
      const access = `access-${newId()}`;
      accessTokens.add(access);
      return [200, { access }];
    }
    if (!authorised(auth))
      throw new HttpError(401, { detail: 'Authentication credentials were not provided.' });

    if (route === '/api/projects/' && method === 'GET') {
      const title = url.searchParams.get('title') ?? '';
      const matching = projects.filter((p) => p.title.toLowerCase().includes(title.toLowerCase()));
      const size = Math.min(
        Number(url.searchParams.get('page_size') ?? 30),
        options.projectsPageSize ?? 30,
      );
      const page = Number(url.searchParams.get('page') ?? 1);
      const results = matching.slice((page - 1) * size, page * size);
      if (page > 1 && results.length === 0) throw new HttpError(404, { detail: 'Invalid page.' });
      const next =
        page * size < matching.length ? `${url.origin}/api/projects/?page=${page + 1}` : null;
      return [200, { count: matching.length, next, previous: null, results }];
    }
    if (route === '/api/projects/' && method === 'POST') {
      const { title, description, label_config: labelConfig } = body as Record<string, string>;
      if (typeof title !== 'string' || title.length < 3 || [...title].length > 50) {
        const problem = 'Ensure this field has no more than 50 characters.';
        throw new HttpError(400, { validation_errors: { title: [problem] } });
      }
      if (typeof labelConfig !== 'string' || !labelConfig.includes('<View')) {
        throw new HttpError(400, { validation_errors: { label_config: ['Invalid label config'] } });
      }
      const project = {
        id: newId(),
        title,
        description: description ?? '',
        label_config: labelConfig,
      };
      projects.push(project);
      return [201, project];
    }
    const projectRoute = route.match(/^\/api\/projects\/(\d+)\/$/);
    if (projectRoute && method === 'PATCH') {
      const project = projects.find((p) => p.id === Number(projectRoute[1]));
      if (!project) throw new HttpError(404, { detail: 'Not found.' });
      Object.assign(project, {
        label_config: (body as Record<string, string>).label_config ?? project.label_config,
      });
      return [200, project];
    }
    const importRoute = route.match(/^\/api\/projects\/(\d+)\/import$/);
    if (importRoute && method === 'POST') {
      const project = projects.find((p) => p.id === Number(importRoute[1]));
      if (!project) throw new HttpError(404, { detail: 'Not found.' });
      if (!Array.isArray(body)) throw new HttpError(400, { detail: 'expected a list of tasks' });
      let predictionCount = 0;
      for (const item of body as Array<Record<string, unknown>>) {
        if (typeof item.data !== 'object' || item.data === null) {
          throw new HttpError(400, { detail: 'task without data' });
        }
        const task = {
          id: newId(),
          project: project.id,
          data: item.data as Record<string, unknown>,
          meta: options.dropMeta ? {} : ((item.meta as Record<string, unknown>) ?? {}),
        };
        tasks.push(task);
        addPredictions(task.id, item.predictions);
        predictionCount += Array.isArray(item.predictions) ? item.predictions.length : 0;
      }
      if (options.asyncImport) {
        const id = newId();
        imports.set(id, { polls: 0 });
        return [201, { import: id }];
      }
      return [
        201,
        { task_count: body.length, annotation_count: 0, prediction_count: predictionCount },
      ];
    }
    const importStateRoute = route.match(/^\/api\/projects\/(\d+)\/imports\/(\d+)\/$/);
    if (importStateRoute && method === 'GET') {
      const state = imports.get(Number(importStateRoute[2]));
      if (!state) throw new HttpError(404, { detail: 'Not found.' });
      state.polls += 1;
      return [
        200,
        { id: Number(importStateRoute[2]), status: state.polls < 2 ? 'in_progress' : 'completed' },
      ];
    }
    if (route === '/api/tasks/' && method === 'GET') {
      const project = Number(url.searchParams.get('project'));
      const mine = tasks.filter((t) => t.project === project);
      const size = Number(url.searchParams.get('page_size') ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = mine.slice((page - 1) * size, page * size);
      if (page > 1 && slice.length === 0) throw new HttpError(404, { detail: 'Invalid page.' });
      const total_predictions = predictions.filter((p) =>
        slice.some((t) => t.id === p.task),
      ).length;
      return [200, { tasks: slice, total: mine.length, total_annotations: 0, total_predictions }];
    }
    if (route === '/api/predictions/' && method === 'GET') {
      const project = Number(url.searchParams.get('task__project'));
      const ids = new Set(tasks.filter((t) => t.project === project).map((t) => t.id));
      return [200, predictions.filter((p) => ids.has(p.task))];
    }
    if (route === '/api/predictions/' && method === 'POST') {
      const { task } = body as { task: number };
      if (!tasks.some((t) => t.id === task))
        throw new HttpError(400, { validation_errors: { task: ['Invalid pk'] } });
      addPredictions(task, [body]);
      return [201, predictions[predictions.length - 1]];
    }
    const predictionRoute = route.match(/^\/api\/predictions\/(\d+)\/$/);
    if (predictionRoute && method === 'PATCH') {
      const prediction = predictions.find((p) => p.id === Number(predictionRoute[1]));
      if (!prediction) throw new HttpError(404, { detail: 'Not found.' });
      Object.assign(prediction, body);
      return [200, prediction];
    }
    throw new HttpError(404, { detail: `no route ${method} ${route}` });
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      requests.push(`${request.method} ${url.pathname}${url.search}`);
      let status: number;
      let answer: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        [status, answer] = handle(
          request.method ?? 'GET',
          url,
          text ? JSON.parse(text) : undefined,
          request.headers.authorization,
        );
      } catch (error) {
        [status, answer] =
          error instanceof HttpError
            ? [error.status, error.body]
            : [500, { detail: String(error) }];
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    projects,
    tasks,
    predictions,
    requests,
    expireAccessTokens: () => {
      accessTokens = new Set();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
