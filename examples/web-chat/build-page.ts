import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { browserTarget, packageExports, ROOT, sourceOf } from '../../scripts/browser-bundle.js';

export interface Asset {
  contentType: string;
  body: Uint8Array;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * `toolcycle`, `toolcycle/react`… resolve the way a web app's bundler resolves them, through the
 * package's `exports` map for the browser, except to this checkout's source instead of `dist`. A
 * Node-only entry (`toolcycle/offline-model`) fails here as it would in an app.
 */
const toolcycleFromSource: Plugin = {
  name: 'toolcycle-from-source',
  setup(builder) {
    builder.onResolve({ filter: /^toolcycle(\/.*)?$/ }, (args) => {
      const subpath = `.${args.path.slice('toolcycle'.length)}`;
      const conditions = packageExports()[subpath];
      const target = conditions && typeof conditions !== 'string' ? browserTarget(conditions) : undefined;
      if (!target) return { errors: [{ text: `"${args.path}" is not one of toolcycle's browser entry points (see "exports" in package.json).` }] };
      return { path: join(ROOT, sourceOf(target)) };
    });
  },
};

/**
 * Bundles browser entry points (TSX, CSS) into memory, as `/<name>.js` (and `.css`, `.map`).
 * React's development build: the example is a development server, and StrictMode checks run.
 */
export async function buildBrowserPage(entryPoints: Record<string, string>): Promise<Map<string, Asset>> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: join(ROOT, 'page-out'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
    plugins: [toolcycleFromSource],
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const name = file.path.slice(join(ROOT, 'page-out').length);
    const extension = /\.[a-z]+$/.exec(name)?.[0] ?? '';
    assets.set(name, { contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', body: file.contents });
  }
  return assets;
}

/** The chat page (`/chat.js`, `/styles.css`) and the README's minimal example (`/minimal.js`). */
export async function buildWebChatPage(): Promise<Map<string, Asset>> {
  const assets = await buildBrowserPage({ chat: 'examples/web-chat/page/main.tsx', minimal: 'examples/web-chat/page/minimal-main.tsx' });
  assets.set('/styles.css', { contentType: CONTENT_TYPES['.css']!, body: await readFile(join(ROOT, 'examples/web-chat/page/styles.css')) });
  return assets;
}
