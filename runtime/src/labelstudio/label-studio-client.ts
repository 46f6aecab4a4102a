import { setTimeout as sleep } from 'node:timers/promises';
import { LabelStudioError } from './label-studio-error';

export interface LabelStudioClientOptions {
  /** Base URL of the server, e.g. `http://localhost:8080` (a sub-path is kept). */
  readonly url: string;
  /** A legacy token (`Token ...`) or a personal access token (a JWT, exchanged for access tokens). */
  readonly token: string;
  /** Time one request may take; also the time an asynchronous import may take to finish. */
  readonly timeoutMs: number;
  /** Tasks asked for per page when listing a project's tasks. */
  readonly pageSize?: number;
}

export interface LsProject {
  readonly id: number;
  readonly title: string;
  readonly label_config: string;
}

export interface LsTask {
  readonly id: number;
  readonly data: Record<string, unknown>;
  readonly meta?: Record<string, unknown> | null;
}

export interface LsPrediction {
  readonly id: number;
  readonly task: number;
  readonly model_version?: string | null;
  readonly score?: number | null;
  readonly result: unknown;
}

export interface PredictionBody {
  readonly model_version: string;
  readonly score?: number;
  readonly result: unknown;
}

type Query = Record<string, string | number>;

/** Milliseconds between two looks at an import that the server runs in the background. */
const IMPORT_POLL_MS = 250;

/**
 * The few Label Studio REST endpoints a push needs, over the built-in fetch. Paths keep the
 * server's trailing slashes (Django does not redirect a POST that lacks one). Errors are
 * LabelStudioError naming method, path, status and the server's reason; the token never
 * appears in them.
 */
export class LabelStudioClient {
  private readonly base: URL;
  private readonly personalToken: boolean;
  private accessToken: string | undefined;

  constructor(private readonly options: LabelStudioClientOptions) {
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    // Personal access tokens are JWT refresh tokens; legacy tokens are plain hex strings.
    this.personalToken = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(options.token);
  }

  /** Every project whose title is exactly `title` (the server's own title filter is a substring match). */
  async findProjects(title: string): Promise<LsProject[]> {
    const found: LsProject[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.request<
        LsProject[] | { results: LsProject[]; next: string | null }
      >('GET', 'api/projects/', { query: { page, page_size: 100, title } });
      const projects = Array.isArray(answer) ? answer : answer.results;
      found.push(...projects.filter((p) => p.title === title));
      if (Array.isArray(answer) || !answer.next) return found;
    }
  }

  createProject(project: {
    title: string;
    description: string;
    labelConfig: string;
  }): Promise<LsProject> {
    return this.request('POST', 'api/projects/', {
      body: {
        title: project.title,
        description: project.description,
        label_config: project.labelConfig,
      },
    });
  }

  async updateLabelConfig(projectId: number, labelConfig: string): Promise<void> {
    await this.request('PATCH', `api/projects/${projectId}/`, {
      body: { label_config: labelConfig },
    });
  }

  /** All tasks of a project. Pages are counted from `total`: asking past the last page is a 404. */
  async listTasks(projectId: number): Promise<LsTask[]> {
    const pageSize = this.options.pageSize ?? 100;
    const tasks: LsTask[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.request<LsTask[] | { tasks: LsTask[]; total: number }>(
        'GET',
        'api/tasks/',
        {
          query: { project: projectId, page, page_size: pageSize, fields: 'task_only' },
        },
      );
      if (Array.isArray(answer)) return answer;
      tasks.push(...answer.tasks);
      if (answer.tasks.length === 0 || tasks.length >= answer.total) return tasks;
    }
  }

  /** Imports tasks with their predictions; waits for the import when the server runs it in the background. */
  async importTasks(projectId: number, tasks: readonly unknown[]): Promise<void> {
    const answer = await this.request<{ import?: number }>(
      'POST',
      `api/projects/${projectId}/import`,
      { body: tasks },
    );
    if (typeof answer?.import === 'number') await this.awaitImport(projectId, answer.import);
  }

  /** Predictions of every task of a project (`task__project` works on old and new servers). */
  async listPredictions(projectId: number): Promise<LsPrediction[]> {
    const answer = await this.request<LsPrediction[] | { results: LsPrediction[] }>(
      'GET',
      'api/predictions/',
      {
        query: { task__project: projectId },
      },
    );
    return Array.isArray(answer) ? answer : answer.results;
  }

  async createPrediction(taskId: number, prediction: PredictionBody): Promise<void> {
    await this.request('POST', 'api/predictions/', { body: { task: taskId, ...prediction } });
  }

  async updatePrediction(predictionId: number, prediction: PredictionBody): Promise<void> {
    await this.request('PATCH', `api/predictions/${predictionId}/`, { body: prediction });
  }

  private async awaitImport(projectId: number, importId: number): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (;;) {
      const state = await this.request<{ status: string; error?: string | null }>(
        'GET',
        `api/projects/${projectId}/imports/${importId}/`,
      );
      if (state.status === 'completed') return;
      if (state.status === 'failed') {
        throw new LabelStudioError(
          `Label Studio import ${importId} into project ${projectId} failed: ` +
            `${state.error ?? 'no reason given'}`,
        );
      }
      if (Date.now() > deadline) {
        throw new LabelStudioError(
          `Label Studio import ${importId} into project ${projectId} did not finish ` +
            `within ${this.options.timeoutMs / 1000} s (LABEL_STUDIO_TIMEOUT_SECONDS)`,
        );
      }
      await sleep(IMPORT_POLL_MS);
    }
  }

  private async request<T>(
    method: string,
    route: string,
    options: { query?: Query; body?: unknown } = {},
    retried = false,
  ): Promise<T> {
    const url = new URL(route, this.base);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, String(value));
    const response = await this.send(method, route, url, options.body, await this.authorization());

    // An access token lives a few minutes: get a fresh one once, then give up.
    if (response.status === 401 && this.personalToken && !retried) {
      this.accessToken = undefined;
      return this.request(method, route, options, true);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new LabelStudioError(
        `Label Studio ${method} /${route} answered ${response.status}: ${reason(text)}`,
        response.status,
      );
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new LabelStudioError(
        `Label Studio ${method} /${route} answered ${response.status} with no JSON ` +
          `(is LABEL_STUDIO_URL the server's base URL?)`,
        response.status,
      );
    }
  }

  private async authorization(): Promise<string> {
    if (!this.personalToken) return `Token ${this.options.token}`;
    if (!this.accessToken) {
      const route = 'api/token/refresh';
      const response = await this.send('POST', route, new URL(route, this.base), {
        refresh: this.options.token,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new LabelStudioError(
          `Label Studio refused the personal access token in LABEL_STUDIO_TOKEN ` +
            `(${response.status}: ${reason(text)})`,
          response.status,
        );
      }
      this.accessToken = (JSON.parse(text) as { access: string }).access;
    }
    return `Bearer ${this.accessToken}`;
  }

  private async send(
    method: string,
    route: string,
    url: URL,
    body: unknown,
    authorization?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const err = error as Error & { cause?: { code?: string; message?: string } };
      const why =
        err.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs / 1000} s (LABEL_STUDIO_TIMEOUT_SECONDS)`
          : (err.cause?.code ?? err.cause?.message ?? err.message);
      throw new LabelStudioError(
        `Label Studio at ${this.base.origin} could not be reached for ${method} /${route}: ` + why,
        undefined,
        { cause: error },
      );
    }
  }
}

/** The server's reason for a refusal, short: DRF's `detail`, validation errors, or the raw text. */
function reason(text: string): string {
  let said: unknown = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    said = json.detail ?? json.validation_errors ?? json;
  } catch {
    // Not JSON: an HTML error page or plain text; keep the text.
  }
  const line = (typeof said === 'string' ? said : JSON.stringify(said)).replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}...` : line || '(empty answer)';
}
