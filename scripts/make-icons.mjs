// Draws the app icons (NHS blue square with a white magnifier) as PNGs with
// node's zlib, so no image tool is needed. Run by hand when the icon changes; the output is committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'www', 'icons');
const BLUE = [0x00, 0x5e, 0xb8];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// Coverage of one pixel by the magnifier: a ring and a handle, in units of the icon size.
// `inset` shrinks the drawing for maskable icons, whose outer 10% may be cropped.
function ink(x, y, inset) {
  const s = 1 - 2 * inset;
  const u = (x - inset) / s, v = (y - inset) / s;
  const cx = 0.42, cy = 0.42, r = 0.22, w = 0.075;
  const d = Math.hypot(u - cx, v - cy);
  if (Math.abs(d - r) < w / 2) return true;
  // Handle: a thick segment from the ring towards the bottom right.
  const t = ((u - cx) + (v - cy)) / Math.SQRT2;
  const n = Math.abs((u - cx) - (v - cy)) / Math.SQRT2;
  return t > r && t < 0.50 && n < w * 0.75;
}

function png(size, inset) {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b] = ink((x + 0.5) / size, (y + 0.5) / size, inset) ? WHITE : BLUE;
      const o = y * (size * 3 + 1) + 1 + x * 3;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, size, inset] of [
  ['icon-192.png', 192, 0.04],
  ['icon-512.png', 512, 0.04],
  ['icon-maskable-512.png', 512, 0.14],
  ['apple-touch-icon.png', 180, 0.04],
]) {
  writeFileSync(join(out, name), png(size, inset));
}
console.log(`make-icons: wrote ${out}`);
