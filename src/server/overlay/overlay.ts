import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * The live overlay page, `/live/<id>/overlay`, that a streamer adds as a browser source (OBS, TikTok
 * LIVE Studio), and its script, `/live/overlay.js`: the graphql-ws client and overlay-client.ts bundled
 * by esbuild on first request, so the page needs nothing from the internet.
 */
// The id as the API returns it (`gid://seller-center/LiveStream/<uuid>`, slashes and all, or URL-encoded) or
// only its last part: whichever a streamer pastes.
const PAGE = /^\/live\/(.{1,200}?)\/overlay\/?$/;
const SCRIPT_PATH = '/live/overlay.js';

let script: Promise<string> | null = null;

async function bundle(): Promise<string> {
  // esbuild is loaded only when an overlay is first asked for.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./overlay-client.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
  });
  return result.outputFiles[0]?.text ?? '';
}

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Live overlay</title>
<style>
  html, body { background: transparent; margin: 0; font-family: system-ui, sans-serif; color: #fff; }
  .card { position: fixed; left: 24px; bottom: 24px; width: 360px; padding: 16px; border-radius: 16px;
          background: rgba(0, 0, 0, 0.55); text-shadow: 0 1px 2px #000; }
  #product { display: flex; gap: 12px; align-items: center; }
  #product[hidden] { display: none; }
  #image { width: 96px; height: 96px; object-fit: cover; border-radius: 12px; background: #333; }
  #title { font-size: 18px; font-weight: 600; }
  #price { font-size: 22px; font-weight: 700; color: #ffd54f; }
  #stock { font-size: 14px; }
  #was { font-size: 14px; white-space: nowrap; text-decoration: line-through; opacity: 0.7; }
  #deal { display: inline-block; margin-top: 4px; padding: 2px 8px; border-radius: 6px; background: #e53935; font-weight: 700; font-variant-numeric: tabular-nums; }
  #deal[hidden], #was[hidden] { display: none; }
  .viewers { position: fixed; top: 16px; right: 16px; padding: 6px 12px; border-radius: 999px; background: rgba(229, 57, 53, 0.85); }
  #feed { list-style: none; padding: 0; margin: 12px 0 0; font-size: 14px; }
</style></head>
<body>
  <div class="viewers">● LIVE · <span id="viewers">0</span> watching</div>
  <div class="card">
    <div id="product" hidden>
      <img id="image" alt="">
      <div><div id="title"></div><div><span id="price"></span> <span id="was" hidden></span></div><div id="stock"></div><div id="deal" hidden></div></div>
    </div>
    <ul id="feed"></ul>
  </div>
  <script src="${SCRIPT_PATH}"></script>
</body></html>`;

/** Serves the overlay page and its script; false for any other request. */
export function handleOverlayRequest(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (path === SCRIPT_PATH) {
    script ??= bundle();
    script.then(
      (text) => {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' });
        response.end(text);
      },
      () => {
        script = null;
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('overlay script unavailable');
      },
    );
    return true;
  }
  if (!PAGE.test(path)) return false;
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  response.end(HTML);
  return true;
}
