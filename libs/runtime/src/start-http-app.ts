import { ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { BrokerPortInUseError } from '@vigil/messaging';
import { refuseDeepJson } from './http/json-depth';
import { RejectNulPipe } from './http/reject-nul.pipe';
import { securityHeaders } from './http/security-headers';

/** Global HTTP behaviour shared by every app and by the tests. */
export function configureHttpApp(app: INestApplication): INestApplication {
  const server = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
  // Behind a reverse proxy the client's address (per-address login limits) comes from X-Forwarded-For.
  server.set('trust proxy', app.get<VigilConfig>(VIGIL_CONFIG).trustProxy);
  server.use(securityHeaders);
  // Device inventories arrive as CSV bodies (POST /api/devices/import).
  server.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: '20mb' });
  // Patrol photos arrive as image bodies; signatures and stamps as data URLs inside JSON.
  server.useBodyParser('raw', { type: ['image/jpeg', 'image/png'], limit: '6mb' });
  // Nest's own JSON parser cannot take a verify step; this one, registered first, replaces it.
  server.use(json({ limit: '2mb', verify: refuseDeepJson() }));
  app.useGlobalPipes(new RejectNulPipe(), new ValidationPipe({ whitelist: true, transform: true, stopAtFirstError: false }));
  app.enableShutdownHooks();
  const docs = new DocumentBuilder().setTitle('Vigil API').setDescription('Maintenance and inspection of video-surveillance networks').setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));
  return app;
}

/** Starts one app on PORT; a configuration or port problem ends the process with one clear line. */
export async function startHttpApp(module: Type<unknown>, name: string): Promise<INestApplication> {
  try {
    const config = loadConfig();
    // Nest's own start-up chatter stays quiet; a failure reaches the catch below as one line.
    const app = await NestFactory.create(module, { logger: false, abortOnError: false });
    configureHttpApp(app);
    await app.listen(config.port);
    app.get(Logger).log(`${name} listening on port ${config.port}`);
    return app;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof BrokerPortInUseError) {
      process.stderr.write(`vigil: ${err.message}\n`);
      process.exit(1);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`vigil: PORT is already in use (${(err as Error).message}); choose another PORT.\n`);
      process.exit(1);
    }
    throw err;
  }
}
