import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import { loadConfig } from '@vigil/config';

/** Structured JSON logs; request logs leave out the Authorization header. */
export function loggingModule(): DynamicModule {
  const level = loadConfig().logLevel;
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      customProps: () => ({ app: 'vigil' }),
    },
  });
}
