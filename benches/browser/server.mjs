// A small static server for the benchmark: loopback only, gzip like a production host, and
// cross-origin isolation headers so that performance.now() has its fine (5 µs) resolution.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.bundle': 'application/octet-stream',
};
// Already compressed (the bundle is DEFLATE inside) or binary images: sent as they are.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.wasm', '.svg']);

/**
 * Serve `mounts` (URL prefix -> directory, or URL -> {body, type} held in memory) on 127.0.0.1.
 * Resolves to { url, close, gzipSize(urlPath) }.
 */
export function startServer(mounts) {
  const cache = new Map(); // file path -> {raw, gz}
  const load = (file) => {
    if (!cache.has(file)) {
      const raw = fs.readFileSync(file);
      cache.set(file, { raw, gz: COMPRESSIBLE.has(path.extname(file)) ? zlib.gzipSync(raw, { level: 9 }) : null });
    }
    return cache.get(file);
  };
  const resolve = (urlPath) => {
    const memory = mounts.memory?.[urlPath];
    if (memory) return { body: { raw: memory.raw, gz: memory.gz }, type: memory.type };
    for (const [prefix, dir] of Object.entries(mounts.dirs)) {
      if (!urlPath.startsWith(prefix)) continue;
      let rel = decodeURIComponent(urlPath.slice(prefix.length)) || 'index.html';
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(dir, rel);
      if (!file.startsWith(path.resolve(dir))) return null;
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
      return { body: load(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
    }
    return null;
  };
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
    const found = resolve(urlPath);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-cache',
    };
    if (!found) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const gzip = found.body.gz && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? found.body.gz : found.body.raw;
    res.writeHead(200, {
      ...headers,
      'Content-Type': found.type,
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolveStart({
        url: `http://127.0.0.1:${port}`,
        /** Bytes this server sends for a path to a client that accepts gzip. */
        gzipSize(urlPath) {
          const found = resolve(urlPath);
          return found ? (found.body.gz ?? found.body.raw).length : 0;
        },
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

/** Pre-compress a body held in memory. */
export function memoryBody(text, type) {
  const raw = Buffer.from(text);
  return { raw, gz: zlib.gzipSync(raw, { level: 9 }), type };
}
