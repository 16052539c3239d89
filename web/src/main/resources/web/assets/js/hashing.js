// The page's side of local hashing: one module Web Worker, files hashed one after another, progress
// reported per file. Files are passed to the worker as File objects (a reference to the file on this
// device, not an upload).
export class LocalHasher {
  constructor() {
    this.worker = new Worker('/assets/js/hash-worker.js', { type: 'module', name: 'reportonce-hasher' });
    this.pending = new Map();
    this.nextId = 1;
    this.worker.onmessage = (event) => {
      const message = event.data;
      const job = this.pending.get(message.id);
      if (!job) return;
      if (message.type === 'progress') {
        job.onProgress(message.fraction, message.phase);
      } else if (message.type === 'done') {
        this.pending.delete(message.id);
        job.resolve(message);
      } else {
        this.pending.delete(message.id);
        job.reject(new Error(message.message));
      }
    };
    this.worker.onerror = (event) => {
      for (const job of this.pending.values()) job.reject(new Error(event.message || 'The hashing worker stopped'));
      this.pending.clear();
    };
  }

  /** Hashes one file; resolves to {md5, pdq: {quality, hashes: {orig, ...}, width, height} | null, imageError}. */
  hash(file, onProgress = () => {}, mode = 'hashes') {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, file, mode });
    });
  }

  /** The picture's signal set (plain hash + edit variants): [{variant, hash, quality}] or null. */
  async signalSet(file) {
    return (await this.hash(file, () => {}, 'signalSet')).signalSet;
  }

  /** Hashes files in turn; onProgress(fileIndex, fractionOfThatFile, overallFraction). */
  async hashAll(files, onProgress = () => {}) {
    const results = [];
    for (let i = 0; i < files.length; i++) {
      try {
        results.push(await this.hash(files[i], (f) => onProgress(i, f, (i + f) / files.length)));
      } catch (e) {
        results.push({ error: e.message });
      }
      onProgress(i, 1, (i + 1) / files.length);
    }
    return results;
  }

  close() {
    this.worker.terminate();
  }
}
