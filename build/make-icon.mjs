// Writes build/icon.png (512×512 RGBA): a rounded square with a play triangle and a clip bracket.
// Plain Node (zlib + CRC32), no image libraries. Run: node build/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SIZE = 512;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** Colour of pixel (x, y) as [r, g, b, a]. */
function pixel(x, y) {
  const r = 96; // corner radius
  const m = 24; // margin
  const inX = Math.max(m + r - x, 0, x - (SIZE - m - r - 1));
  const inY = Math.max(m + r - y, 0, y - (SIZE - m - r - 1));
  const outside = x < m || y < m || x >= SIZE - m || y >= SIZE - m || inX * inX + inY * inY > r * r;
  if (outside) return [0, 0, 0, 0];
  // Diagonal gradient from indigo to teal.
  const t = (x + y) / (2 * SIZE);
  const bg = [
    Math.round(72 + (20 - 72) * t),
    Math.round(52 + (184 - 52) * t),
    Math.round(212 + (166 - 212) * t),
  ];
  // Play triangle, centred.
  const cx = SIZE / 2 + 20;
  const cy = SIZE / 2;
  const h = 150;
  const inTriangle =
    x >= cx - h * 0.75 && Math.abs(y - cy) <= (cx + h * 0.75 - x) * (h / (1.5 * h));
  if (inTriangle) return [255, 255, 255, 255];
  // Clip brackets left and right.
  const bracket = (bx, dir) =>
    (Math.abs(x - bx) <= 10 && Math.abs(y - cy) <= 170) ||
    (Math.abs(y - cy) >= 160 &&
      Math.abs(y - cy) <= 180 &&
      (x - bx) * dir >= 0 &&
      (x - bx) * dir <= 50);
  if (bracket(96, 1) || bracket(SIZE - 96, -1)) return [255, 255, 255, 230];
  return [...bg, 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
