// The hashing worker: reads a chosen file on this device and computes its fingerprints — MD5 of the
// bytes, and for images the PDQ hash, its quality and its 8 rotations/mirrors — with the Java PDQ
// core compiled to JavaScript by TeaVM (/hasher/reportonce-hasher.js). It makes no network request
// of its own; results go back to the page with postMessage.
import {
  md5Start, md5Update, md5Finish, hashRgba, canonicalWidth, canonicalHeight, sourceIndex,
} from '/hasher/reportonce-hasher.js';

const CHUNK = 4 * 1024 * 1024;
// Browsers cap canvas/bitmap sizes; past this we refuse with a clear message rather than crash.
const MAX_PIXELS = 120_000_000;
// Up to this size the whole picture is read from one canvas (fast); above it, row by row (small memory).
const WHOLE_READ_MAX_PIXELS = 25_000_000;

self.onmessage = async (event) => {
  const { id, file } = event.data;
  const progress = (fraction, phase) => self.postMessage({ id, type: 'progress', fraction, phase });
  try {
    const isImage = file.type.startsWith('image/') || /\.(jpe?g|png|gif|bmp|webp|avif)$/i.test(file.name);
    const started = performance.now();
    const md5 = await md5Of(file, (f) => progress(isImage ? f * 0.4 : f, 'md5'));
    const timings = { md5Ms: Math.round(performance.now() - started) };
    let pdq = null;
    let imageError = null;
    if (isImage) {
      try {
        pdq = await pdqOf(file, (f) => progress(0.4 + f * 0.6, 'pdq'), timings);
      } catch (e) {
        imageError = e.message || String(e);
      }
    }
    self.postMessage({ id, type: 'done', md5, pdq, imageError, bytes: file.size, timings });
  } catch (e) {
    self.postMessage({ id, type: 'error', message: e.message || String(e) });
  }
};

async function md5Of(file, onProgress) {
  const handle = md5Start();
  try {
    for (let offset = 0; offset < file.size; offset += CHUNK) {
      const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
      md5Update(handle, chunk);
      onProgress(Math.min(1, (offset + chunk.length) / file.size));
    }
  } catch (e) {
    md5Finish(handle); // frees the handle
    throw new Error(`could not read the file: ${e.message || e}`);
  }
  onProgress(1);
  return md5Finish(handle);
}

/**
 * Decodes with the browser, then hands RGBA pixels to the Java core. The canonical pipeline squashes
 * an image wider or taller than 512 px to 512×512 by nearest neighbour; we do that same sampling
 * here, row by row, with the Java core's own index function, so a 48-megapixel photo never needs a
 * second full-size copy in memory and the hash is what the Java module computes from those pixels.
 */
async function pdqOf(file, onProgress, timings) {
  let bitmap;
  let t = performance.now();
  try {
    // No colour management and no EXIF rotation: the Java decoder (ImageIO) applies neither. Browsers
    // now always honour a JPEG's EXIF orientation when decoding, so a rotated JPEG is decoded from a
    // copy whose orientation tag says "as stored".
    const source = await withoutExifRotation(file);
    bitmap = await createImageBitmap(source, {
      imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none',
    });
  } catch (e) {
    throw new Error('this browser could not open it as a picture');
  }
  timings.decodeMs = Math.round(performance.now() - t);
  t = performance.now();
  try {
    const w = bitmap.width;
    const h = bitmap.height;
    if (w < 1 || h < 1) throw new Error('the picture is empty');
    if (w * h > MAX_PIXELS) throw new Error(`the picture is too large to fingerprint here (${w}×${h})`);
    const outW = canonicalWidth(w, h);
    const outH = canonicalHeight(w, h);
    let rgba;
    if (outW === w && outH === h) {
      rgba = readWhole(bitmap);
      onProgress(0.5);
    } else if (w * h <= WHOLE_READ_MAX_PIXELS) {
      const all = readWhole(bitmap);
      rgba = new Uint8ClampedArray(outW * outH * 4);
      const columns = new Int32Array(outW);
      for (let x = 0; x < outW; x++) columns[x] = sourceIndex(x, w, outW);
      for (let y = 0; y < outH; y++) {
        const rowBase = sourceIndex(y, h, outH) * w;
        const base = y * outW * 4;
        for (let x = 0; x < outW; x++) {
          const s = (rowBase + columns[x]) * 4;
          const d = base + x * 4;
          rgba[d] = all[s];
          rgba[d + 1] = all[s + 1];
          rgba[d + 2] = all[s + 2];
          rgba[d + 3] = all[s + 3];
        }
      }
      onProgress(0.5);
    } else {
      // One source row at a time, copied 1:1 (no smoothing) into a one-row canvas.
      const row = new OffscreenCanvas(w, 1);
      const ctx = row.getContext('2d', { willReadFrequently: true });
      ctx.imageSmoothingEnabled = false;
      const columns = new Int32Array(outW);
      for (let x = 0; x < outW; x++) columns[x] = sourceIndex(x, w, outW);
      rgba = new Uint8ClampedArray(outW * outH * 4);
      let lastSource = -1;
      let line = null;
      for (let y = 0; y < outH; y++) {
        const sy = sourceIndex(y, h, outH);
        if (sy !== lastSource) {
          ctx.clearRect(0, 0, w, 1);
          ctx.drawImage(bitmap, 0, sy, w, 1, 0, 0, w, 1);
          line = ctx.getImageData(0, 0, w, 1).data;
          lastSource = sy;
        }
        const base = y * outW * 4;
        for (let x = 0; x < outW; x++) {
          const s = columns[x] * 4;
          const d = base + x * 4;
          rgba[d] = line[s];
          rgba[d + 1] = line[s + 1];
          rgba[d + 2] = line[s + 2];
          rgba[d + 3] = line[s + 3];
        }
        if ((y & 31) === 0) onProgress(0.5 * y / outH);
      }
      onProgress(0.5);
    }
    timings.pixelsMs = Math.round(performance.now() - t);
    t = performance.now();
    const result = JSON.parse(hashRgba(rgba, outW, outH));
    timings.pdqMs = Math.round(performance.now() - t);
    onProgress(1);
    return { ...result, width: w, height: h };
  } finally {
    bitmap.close();
  }
}

function readWhole(bitmap) {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

/**
 * A JPEG with an EXIF orientation other than 1 comes back as a copy whose tag (0x0112 in IFD0 of
 * the APP1 "Exif" segment) is set to 1, so the browser decodes the pixels as stored, as the Java
 * decoder and both PDQ references do. Anything else — other formats, no EXIF, orientation 1, or
 * EXIF we cannot follow — is returned unchanged.
 */
async function withoutExifRotation(file) {
  const head = new DataView(await file.slice(0, 2).arrayBuffer());
  if (head.byteLength < 2 || head.getUint16(0) !== 0xFFD8) return file;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const view = new DataView(bytes.buffer);
  let p = 2;
  while (p + 4 <= bytes.length && bytes[p] === 0xFF) {
    const marker = bytes[p + 1];
    if (marker === 0xDA || marker === 0xD9) break; // start of scan / end: no more metadata
    const length = view.getUint16(p + 2);
    if (marker === 0xE1 && length >= 16 && view.getUint32(p + 4) === 0x45786966 /* "Exif" */) {
      const tiff = p + 10;
      const little = view.getUint16(tiff) === 0x4949;
      const u16 = (o) => view.getUint16(o, little);
      const u32 = (o) => view.getUint32(o, little);
      const ifd = tiff + u32(tiff + 4);
      const end = p + 2 + length;
      if (ifd + 2 > end) return file;
      const count = u16(ifd);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + 12 * i;
        if (entry + 12 > end) return file;
        if (u16(entry) === 0x0112) {
          if (u16(entry + 8) === 1) return file;
          const copy = bytes.slice();
          new DataView(copy.buffer).setUint16(entry + 8, 1, little);
          return new Blob([copy], { type: 'image/jpeg' });
        }
      }
      return file;
    }
    p += 2 + length;
  }
  return file;
}
