import { crc32, deflateSync } from "node:zlib";
import QRCode from "qrcode";

/**
 * A check-in code as a QR image: a PNG for the confirmation email (an inline CID attachment: data URLs are
 * blocked by many mail clients) and an SVG for the manage page. The symbol comes from `qrcode` (error
 * correction M: a code on a cracked phone screen still scans); the images are drawn here, synchronously, so the
 * emails stay pure functions. Dark modules on white with the four-module quiet zone the standard asks for,
 * whatever the page's or client's colour scheme.
 */

const quietZone = 4;

/** The symbol's modules, row by row (true: dark). */
export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const rows: boolean[][] = [];
  for (let r = 0; r < modules.size; r += 1) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c += 1) row.push(Boolean(modules.get(r, c)));
    rows.push(row);
  }
  return rows;
}

/** The QR as an inline SVG element (one path), `size` CSS pixels square, with an accessible name. */
export function qrSvg(text: string, label: string, size = 200): string {
  const rows = qrModules(text);
  const n = rows.length + quietZone * 2;
  let path = "";
  rows.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) path += `M${c + quietZone} ${r + quietZone}h1v1h-1z`;
    });
  });
  const name = label.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${size}" height="${size}" role="img" aria-label="${name}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

/** The QR as a greyscale PNG, `scale` pixels per module (6: a 25-module symbol is 198 px square). */
export function qrPng(text: string, scale = 6): Buffer {
  const rows = qrModules(text);
  const n = (rows.length + quietZone * 2) * scale;
  // One filter byte (0: none) and one byte per pixel per row.
  const raw = Buffer.alloc((n + 1) * n, 255);
  for (let y = 0; y < n; y += 1) {
    raw[y * (n + 1)] = 0;
    const r = Math.floor(y / scale) - quietZone;
    for (let x = 0; x < n; x += 1) {
      const c = Math.floor(x / scale) - quietZone;
      if (rows[r]?.[c]) raw[y * (n + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(n, 0);
  header.writeUInt32BE(n, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}
