import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

/** Structured JSON logs; request logs leave out the Authorization header. */
export function loggingModule(): DynamicModule {
  // Only the level is read here; the whole environment is validated (and a bad LOG_LEVEL refused) by the config module.
  const level = process.env.LOG_LEVEL || 'info';
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      customProps: () => ({ app: 'vigil' }),
    },
  });
}
