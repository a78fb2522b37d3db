export * from './job-queue';
export * from './scheduler.config';
export * from './scheduler.module';
export * from './scheduler.service';
