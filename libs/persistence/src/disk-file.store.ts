import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { FileStore } from '@vigil/application';

/** Files under VIGIL_DATA_DIR; paths are the store's own, never a caller's, and may not climb out of it. */
@Injectable()
export class DiskFileStore extends FileStore {
  private readonly root: string;

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig) {
    super();
    this.root = resolve(config.dataDir, 'files');
  }

  private place(relativePath: string): string {
    const full = resolve(join(this.root, relativePath));
    if (!full.startsWith(this.root + sep)) throw new Error(`path ${relativePath} leaves the file store`);
    return full;
  }

  async write(relativePath: string, data: Buffer): Promise<void> {
    const full = this.place(relativePath);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, data, { flag: 'wx' });
  }

  read(relativePath: string): Promise<Buffer> {
    return readFile(this.place(relativePath));
  }
}
