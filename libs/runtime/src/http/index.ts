export * from './auth.guard';
export * from './roles.decorator';
export * from './current-actor.decorator';
export * from './error.filter';
