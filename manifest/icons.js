// Draws CxBot's two Teams icons and writes them as PNG (Node's built-in zlib, no other dependency):
//   manifest/color.png    192×192, a white speech bubble holding a check mark on the accent colour (full bleed;
//                         Teams rounds the corners itself)
//   manifest/outline.png  32×32, the same glyph as white strokes on a transparent background
// Usage: node manifest/icons.js   (then commit both PNGs; `npm test` checks sizes, transparency and colours)
// Shapes are signed-distance functions sampled 4×4 per pixel, so edges are anti-aliased.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

// Keep in step with "accentColor" in manifest.template.json.
const ACCENT = [0x0b, 0x6e, 0x69];
const WHITE = [0xff, 0xff, 0xff];

// ---- geometry, in a unit square (0..1, y down) --------------------------------------------------------------
function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r, qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(x, y, ax, ay, bx, by) {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t);
}

// Signed distance to a triangle (negative inside).
function triangle(x, y, a, b, c) {
  const edges = [[a, b], [b, c], [c, a]];
  let d = Infinity, sign = 0;
  for (const [[ax, ay], [bx, by]] of edges) {
    d = Math.min(d, segment(x, y, ax, ay, bx, by));
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    sign += cross > 0 ? 1 : -1;
  }
  return Math.abs(sign) === 3 ? -d : d;
}

// The bubble: a rounded rectangle with a tail at its lower left.
function bubble(x, y, g) {
  const box = roundedBox(x, y, g.cx, g.cy, g.hw, g.hh, g.r);
  const bottom = g.cy + g.hh;
  const tail = triangle(x, y, [g.cx - g.hw * 0.55, bottom - 0.02], [g.cx - g.hw * 0.05, bottom - 0.02], [g.cx - g.hw * 0.7, bottom + g.tail]);
  return Math.min(box, tail);
}

// The check mark: two strokes with round caps.
function check(x, y, g) {
  const s = g.hw;
  const a = [g.cx - s * 0.46, g.cy + s * 0.02], b = [g.cx - s * 0.12, g.cy + s * 0.34], c = [g.cx + s * 0.5, g.cy - s * 0.32];
  return Math.min(segment(x, y, ...a, ...b), segment(x, y, ...b, ...c)) - g.check / 2;
}

// ---- rasterising ----------------------------------------------------------------------------------------------
// shade(x, y) returns [r, g, b, a] (a in 0..1) for a point; each pixel averages 16 samples.
function render(size, shade) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = (py * size + px) * 4;
      // Colours are averaged weighted by coverage, so a half-covered white pixel stays white (not grey).
      rgba[o] = a ? Math.round(r / a) : 0;
      rgba[o + 1] = a ? Math.round(g / a) : 0;
      rgba[o + 2] = a ? Math.round(b / a) : 0;
      rgba[o + 3] = Math.round((a / (n * n)) * 255);
      if (rgba[o + 3] === 0) rgba[o] = rgba[o + 1] = rgba[o + 2] = 0;
    }
  }
  return rgba;
}

function colorIcon() {
  // The glyph stays inside the central safe area Teams asks for (about 96 of 192 pixels, with room for the tail).
  const g = { cx: 0.5, cy: 0.46, hw: 0.27, hh: 0.2, r: 0.09, tail: 0.1, check: 0.055 };
  return render(192, (x, y) => {
    if (check(x, y, g) <= 0) return [...ACCENT, 1];
    if (bubble(x, y, g) <= 0) return [...WHITE, 1];
    return [...ACCENT, 1];
  });
}

function outlineIcon() {
  // Thicker strokes and a larger glyph, so it reads at 32 pixels (about 2 px lines).
  const g = { cx: 0.5, cy: 0.45, hw: 0.4, hh: 0.3, r: 0.12, tail: 0.14, check: 0.08 };
  const stroke = 0.07;
  return render(32, (x, y) => {
    const onRing = Math.abs(bubble(x, y, g) + stroke / 2) <= stroke / 2;
    return onRing || check(x, y, g) <= 0 ? [...WHITE, 1] : [...WHITE, 0];
  });
}

// ---- PNG encoding ---------------------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

// 8-bit RGBA (colour type 6), no interlace; every row uses filter 0.
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0;
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const [name, size, draw] of [["color.png", 192, colorIcon], ["outline.png", 32, outlineIcon]]) {
  const file = path.join(__dirname, name);
  fs.writeFileSync(file, png(size, draw()));
  console.log(`wrote ${path.relative(process.cwd(), file)} (${size}×${size})`);
}
