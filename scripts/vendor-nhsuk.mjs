// Copies the nhsuk-frontend stylesheet from node_modules into www/vendor (git-ignored), so the
// NHS.UK look comes from the registry package, never from a hand-edited copy.
// Two changes are made, both for privacy/offline use: the @font-face rules that load Frutiger from
// assets.nhs.uk are dropped (the design system's Arial fallback is used instead), and the root-relative
// icon URLs are made relative so the site works from any path. Any other off-site URL is an error.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'node_modules', 'nhsuk-frontend');
const dist = join(pkg, 'dist', 'nhsuk');
const out = join(root, 'www', 'vendor');
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;

let css = readFileSync(join(dist, 'nhsuk-frontend.min.css'), 'utf8');
css = css.replace(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g, '');
const icons = new Set();
css = css.replace(/url\(\/assets\/images\/([a-z0-9-]+\.svg)\)/g, (_, name) => {
  icons.add(name);
  return `url(nhsuk-images/${name})`;
});
const offsite = css.match(/url\((?!nhsuk-images\/|data:)[^)]*\)/g);
if (offsite) {
  console.error(`vendor-nhsuk: nhsuk-frontend ${version} has URLs this script does not handle: ${offsite.join(', ')}`);
  process.exit(1);
}
mkdirSync(join(out, 'nhsuk-images'), { recursive: true });
writeFileSync(join(out, 'nhsuk-frontend.css'), `/* nhsuk-frontend ${version} (MIT), fonts from assets.nhs.uk removed */\n${css}`);
for (const name of icons) copyFileSync(join(dist, 'assets', 'images', name), join(out, 'nhsuk-images', name));
console.log(`vendor-nhsuk: nhsuk-frontend ${version} → www/vendor (${icons.size} icons)`);
