import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

/** Serves the dashboard's files at / (apps/console/public, copied beside the build). */
@Injectable()
export class StaticAssets implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const dir = join(__dirname, '..', '..', 'public');
    const instance = this.adapterHost.httpAdapter?.getInstance?.();
    if (!instance) return;
    if (existsSync(dir)) instance.use(express.static(dir, { index: 'index.html', maxAge: '5m' }));
    // chart.js from the installed package, so the page needs nothing from the internet
    const chartJs = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
    instance.get('/vendor/chart.umd.js', (_req: unknown, res: { type(t: string): { sendFile(p: string): void } }) => res.type('application/javascript').sendFile(chartJs));
  }
}
