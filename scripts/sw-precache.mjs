// Trunk post_build hook: writes the list of built files and a content hash into the service worker,
// so each build caches exactly its own files and a changed build replaces the old cache.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('sw-precache: run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const swPath = join(staging, 'sw.js');
const built = files(staging)
  .map((path) => relative(staging, path).split(sep).join('/'))
  .filter((path) => path !== 'sw.js')
  .sort();
const hash = createHash('sha256');
for (const path of built) hash.update(path).update(readFileSync(join(staging, path)));
const version = hash.digest('hex').slice(0, 16);
// index.html is cached as './', the URL every navigation is answered from.
const precache = ['./', ...built.filter((path) => path !== 'index.html')];
const sw = readFileSync(swPath, 'utf8')
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__PRECACHE__', JSON.stringify(precache));
writeFileSync(swPath, sw);
console.log(`sw-precache: ${precache.length} files, version ${version}`);
