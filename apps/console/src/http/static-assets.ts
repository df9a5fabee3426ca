import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

/**
 * Where the web app's production build is: dist/apps/web, beside the server's own build (npm run build),
 * or VIGIL_WEB_DIR. From the sources (the tests) it is the repository's dist/apps/web.
 */
export function webAppDir(): string | null {
  const candidates = [process.env.VIGIL_WEB_DIR, resolve(__dirname, '..', '..', '..', 'web'), resolve(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'web')];
  // a build has its hashed assets beside index.html (apps/web itself holds the sources' index.html)
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets'))) ?? null;
}

/** The CJK faces the app falls back to (Source Han Sans CN, from the installed package: nothing from the internet). */
const FONTS = ['SourceHanSansCN-Regular.otf'];

/** Where the plain pages of earlier versions went. */
const LEGACY_PAGES: Record<string, string> = { '/audit.html': '/audit', '/patrol.html': '/field' };

/** Serves the web app at / and its CJK fallback font at /fonts. */
@Injectable()
export class StaticAssets implements OnModuleInit {
  private readonly logger = new Logger(StaticAssets.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance?.();
    if (!instance) return;
    const dir = webAppDir();
    // the plain pages' old addresses, bookmarked on walls and phones, open the app's pages
    for (const [old, route] of Object.entries(LEGACY_PAGES)) {
      instance.get(old, (_req: unknown, res: { redirect(status: number, url: string): void }) => res.redirect(301, `/#${route}`));
    }
    if (dir) {
      // hashed file names under /assets never change: cached for a year; index.html and sw.js always asked again
      instance.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
      instance.use(express.static(dir, { index: 'index.html', maxAge: 0 }));
    } else {
      this.logger.warn('the web app is not built (npm run build:web): / serves nothing');
    }
    const fonts = dirname(require.resolve('source-han-sans-cn/package.json'));
    for (const font of FONTS) {
      instance.get(`/fonts/${font}`, (_req: unknown, res: { type(t: string): { sendFile(p: string, o: object): void } }) =>
        res.type('font/otf').sendFile(join(fonts, font), { maxAge: '365d', immutable: true }),
      );
    }
  }
}
