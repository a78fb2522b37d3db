export * from './broker-connection';
export * from './messaging.module';
