/**
 * The URL Label Studio serves a dataset file under when the file is reached through its
 * local-files storage: `/data/local-files/?d=<path>`, where `<path>` is relative to the
 * server's `LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT` (and local-files serving must be enabled
 * with `LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=true`). Paths here are relative to the
 * dataset root, so the document root must be the dataset root. Each path segment is
 * percent-encoded so names with spaces, `&`, `#` or `?` survive the query string.
 */
export function localFilesUrl(relativePath: string): string {
  const segments = relativePath.split('/').filter((segment) => segment.length > 0);
  return `/data/local-files/?d=${segments.map(encodeURIComponent).join('/')}`;
}
