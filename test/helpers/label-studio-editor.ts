import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { fixturesDir } from './paths';
import { tempDir } from './temp';

/** Debian's `chromium` package; no browser is ever downloaded. */
export const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The only npm build of the editor that ships its bundle (see labelstudio-format.md). */
const editorBuildDir = path.join(
  path.dirname(require.resolve('@heartexlabs/label-studio/package.json')),
  'build',
);
const pageDir = path.join(fixturesDir, 'editor');
const readyTimeoutMs = 15_000;
/** The editor logs nothing else while it loads good results, so a warning is worth a look too. */
const reportedConsoleTypes = new Set(['error', 'warning', 'assert']);

/** One region as the editor holds it (read by test/fixtures/editor/editor-page.js). */
export interface EditorRegion {
  /** The result id without the editor's `#<annotation>` suffix. */
  readonly id: string;
  /** `rectangleregion`, `richtextregion`, ... */
  readonly type: string;
  readonly object: string | null;
  /** The control of the region's labels; null when the editor kept no label. */
  readonly control: string | null;
  readonly labels: readonly string[];
  readonly results: ReadonlyArray<{ control: string; type: string; value: unknown }>;
  readonly score: number | null;
  readonly span?: { start: number; end: number; highlighted: string };
  readonly box?: {
    /** Percent of the image, as the editor would save the box. */
    percent: { x: number; y: number; width: number; height: number };
    rotation: number;
    /** On the drawn image (the stage), in screen pixels. */
    pixels: { x: number; y: number; width: number; height: number };
    stage: { width: number; height: number };
  };
}

/** A prediction or annotation as the editor holds it. */
export interface EditorAnnotation {
  readonly kind: 'annotation' | 'prediction' | 'history';
  readonly regions: readonly EditorRegion[];
  /** Results with no region of their own (choices). */
  readonly classifications: ReadonlyArray<{
    id: string;
    results: ReadonlyArray<{ control: string; type: string; value: unknown }>;
  }>;
  /** Per `<Choices>` control, the options shown checked. */
  readonly checkedChoices: ReadonlyArray<{ control: string; checked: readonly string[] }>;
  readonly relations: ReadonlyArray<{
    from: string;
    to: string;
    direction: string;
    labels: readonly string[];
  }>;
  readonly images: ReadonlyArray<{ name: string; naturalWidth: number; naturalHeight: number }>;
  /** The result list the editor would save for it. */
  readonly serialized: ReadonlyArray<Record<string, unknown>>;
}

export interface EditorState {
  /** Kind of the annotation on screen. */
  readonly shown: string | null;
  readonly predictions: readonly EditorAnnotation[];
  readonly annotations: readonly EditorAnnotation[];
  /** Errors the editor shows in its own error box (bad config, image that did not load...). */
  readonly editorErrors: readonly string[];
}

export interface EditorView {
  readonly state: EditorState;
  /** Console errors and warnings, uncaught page errors, failed requests, requests off the server. */
  readonly problems: readonly string[];
}

export interface EditorOptions {
  /**
   * Folder that Label Studio's local-files URLs (`/data/local-files/?d=<path>`) are served
   * from, as a Label Studio server with that document root would.
   */
  readonly localFilesRoot?: string;
}

/** Why the editor cannot run here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return fs.existsSync(chromiumPath)
    ? undefined
    : `${chromiumPath} is missing (Debian package "chromium")`;
}

/**
 * For a `before` hook: without chromium the suite is skipped on a developer machine, and fails
 * under CI=true, where a skipped editor test would hide that nothing was checked.
 */
export function requireChromium(context: Mocha.Context): void {
  const missing = chromiumMissing();
  if (missing === undefined) return;
  if (process.env.CI === 'true') throw new Error(`the editor tests need chromium: ${missing}`);
  context.skip();
}

/**
 * The real Label Studio editor in headless Chromium, served with its page from a server on
 * 127.0.0.1. Each `open` loads one task in a fresh page and reads the editor's state back.
 */
export class LabelStudioEditor {
  private constructor(
    private readonly server: http.Server,
    private readonly browser: BrowserContext,
    private readonly origin: string,
  ) {}

  static async start(options: EditorOptions = {}): Promise<LabelStudioEditor> {
    const server = http.createServer((req, res) => serve(req, res, options));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const browser = await chromium.launchPersistentContext(tempDir('aa-chromium-'), {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        viewport: { width: 1280, height: 900 },
      });
      return new LabelStudioEditor(server, browser, origin);
    } catch (error) {
      server.close();
      throw error;
    }
  }

  /** Loads `task` (a Label Studio task: data, predictions...) under `labelConfig`. */
  async open(labelConfig: string, task: unknown): Promise<EditorView> {
    const page = await this.browser.newPage();
    const problems = await this.watch(page);
    try {
      await page.goto(`${this.origin}/`);
      await page.evaluate(
        ([config, data]) => (globalThis as unknown as PageApi).openTask(config, data),
        [labelConfig, task] as const,
      );
      await this.waitUntilDrawn(page);
      const state = await page.evaluate(() => (globalThis as unknown as PageApi).editorState());
      return { state, problems };
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Collects what a page reports as going wrong; nothing may reach beyond the test server. */
  private async watch(page: Page): Promise<string[]> {
    const problems: string[] = [];
    page.on('console', (message) => {
      const type = message.type();
      if (reportedConsoleTypes.has(type)) problems.push(`console ${type}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      problems.push(
        `request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`,
      );
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${this.origin}/`)) return route.continue();
      problems.push(`request outside the test server blocked: ${url}`);
      return route.abort('blockedbyclient');
    });
    return problems;
  }

  private async waitUntilDrawn(page: Page): Promise<void> {
    try {
      await page.waitForFunction(
        () => (globalThis as unknown as PageApi).editorPending().length === 0,
        undefined,
        { timeout: readyTimeoutMs, polling: 50 },
      );
    } catch (error) {
      const pending = await page.evaluate(() => (globalThis as unknown as PageApi).editorPending());
      const waitingFor = pending.join(', ');
      throw new Error(`the editor did not finish drawing: still waiting for ${waitingFor}`, {
        cause: error,
      });
    }
  }
}

/** The functions test/fixtures/editor/editor-page.js puts on the page's window. */
interface PageApi {
  openTask(config: string, task: unknown): Promise<void>;
  editorPending(): string[];
  editorState(): EditorState;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

function serve(req: http.IncomingMessage, res: http.ServerResponse, options: EditorOptions): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const file = fileFor(url, options);
  if (file === undefined || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`no ${url.pathname}${url.search}`);
    return;
  }
  const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type });
  fs.createReadStream(file).pipe(res);
}

function fileFor(url: URL, options: EditorOptions): string | undefined {
  if (url.pathname === '/') return path.join(pageDir, 'index.html');
  if (url.pathname === '/editor-page.js') return path.join(pageDir, 'editor-page.js');
  if (url.pathname.startsWith('/label-studio/')) {
    return inside(editorBuildDir, decodeURIComponent(url.pathname.slice('/label-studio/'.length)));
  }
  const wanted = url.searchParams.get('d');
  if (
    url.pathname === '/data/local-files/' &&
    wanted !== null &&
    options.localFilesRoot !== undefined
  ) {
    return inside(options.localFilesRoot, wanted);
  }
  return undefined;
}

/** `relative` under `root`, or undefined when it would climb out of it. */
function inside(root: string, relative: string): string | undefined {
  const resolved = path.resolve(root, relative);
  return resolved.startsWith(path.resolve(root) + path.sep) ? resolved : undefined;
}
