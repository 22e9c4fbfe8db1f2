import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface StoredFile {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Where uploaded files live. The database keeps only a file's key, metadata and hash, so the back end can
 * move to an object store by adding an implementation of this interface.
 */
export interface FileStorage {
  /** Stores the bytes under a new key below `prefix` and returns the key with the size and hash. */
  put(prefix: string, bytes: Uint8Array): Promise<StoredFile>;
  get(key: string): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
}

/** The default storage: files on local disk below one root directory. */
export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(prefix: string, bytes: Uint8Array): Promise<StoredFile> {
    const key = `${prefix.replace(/[^a-zA-Z0-9/_-]/g, '_')}/${randomUUID()}`;
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes, { mode: 0o600 });
    return { key, sizeBytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Keys come from our own database, but a key must never escape the root all the same. */
  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`Storage key outside the storage root: ${key}`);
    return path;
  }
}
