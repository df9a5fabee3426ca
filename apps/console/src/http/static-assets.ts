import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
    if (instance && existsSync(dir)) instance.use(express.static(dir, { index: 'index.html', maxAge: '1h' }));
  }
}
