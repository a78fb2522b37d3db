export * from './auth-user';
export * from './auth.module';
export * from './decorators';
export * from './guards';
export * from './jwt.strategy';
export * from './role';
export * from './verified-tokens';
export * from './auth.config';
