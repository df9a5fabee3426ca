import { ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@vigil/config';
import { BrokerPortInUseError } from '@vigil/messaging';

/** Global HTTP behaviour shared by every app and by the tests. */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  // Device inventories arrive as CSV bodies (POST /api/devices/import).
  (app as NestExpressApplication).useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: '20mb' });
  // Patrol photos arrive as image bodies; signatures and stamps as data URLs inside JSON.
  (app as NestExpressApplication).useBodyParser('raw', { type: ['image/jpeg', 'image/png'], limit: '6mb' });
  (app as NestExpressApplication).useBodyParser('json', { limit: '2mb' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true, stopAtFirstError: false }));
  app.enableShutdownHooks();
  const docs = new DocumentBuilder()
    .setTitle('Vigil API')
    .setDescription('Maintenance and inspection of video-surveillance networks')
    .setVersion('1')
    .addBearerAuth()
    .build();
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
