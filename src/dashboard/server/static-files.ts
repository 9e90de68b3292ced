// The built web UI, served from one directory: files by their path, index.html for every other
// path that is not the API's (the UI routes on the client), the content type from the extension,
// and nothing outside the directory (a path that climbs out, or holds a NUL or a backslash, is
// refused).
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { ApiFailure, notFound } from './api-failure.ts';
import { withBaseHref } from './root-path.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** What the dashboard says when the UI is not built. */
export function missingUiMessage(staticDir: string): string {
  return `the dashboard's web UI is not built (no ${path.join(staticDir, 'index.html')}); build it with: node scripts/build-dashboard.ts`;
}

/**
 * The file a URL path names inside `root`, or undefined for a path that is a client-side route
 * (no extension). Throws a 404 for a path that leaves the directory or a file that is missing.
 */
export async function resolveStatic(root: string, urlPath: string): Promise<string> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw notFound(`no file ${urlPath} in the dashboard`);
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..'))
    throw notFound(`no file ${urlPath} in the dashboard`);
  const realRoot = await realpath(root);
  const candidate = path.resolve(realRoot, `.${path.posix.normalize(`/${decoded}`)}`);
  const index = path.join(realRoot, 'index.html');
  const file = await existingFile(candidate);
  if (file) {
    // A symbolic link inside the directory may still point out of it.
    const real = await realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep))
      throw notFound(`no file ${urlPath} in the dashboard`);
    return real;
  }
  // A missing asset (it has an extension) is a 404; any other path is a route of the UI.
  if (path.extname(decoded) !== '') throw notFound(`no file ${urlPath} in the dashboard`);
  if (!(await existingFile(index))) throw new ApiFailure(503, 'Unavailable', missingUiMessage(root));
  return index;
}

async function existingFile(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (info.isFile()) return file;
    if (info.isDirectory()) {
      const index = path.join(file, 'index.html');
      return (await stat(index).catch(() => undefined))?.isFile() ? index : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  urlPath: string,
  rootPath = '',
): Promise<void> {
  const file = await resolveStatic(root, urlPath);
  const info = await stat(file);
  const isIndex = path.basename(file) === 'index.html';
  if (isIndex) {
    // The page names its base (the root path), which its assets, links and API calls follow.
    const html = Buffer.from(withBaseHref(await readFile(file, 'utf8'), rootPath));
    response.writeHead(200, {
      'content-type': contentTypeOf(file),
      'content-length': html.length,
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : html);
    return;
  }
  response.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': info.size,
    // Hashed asset names may be kept; the page itself is always asked for again (above).
    'cache-control': 'public, max-age=300',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    response.on('close', resolve);
    stream.pipe(response);
  });
}
