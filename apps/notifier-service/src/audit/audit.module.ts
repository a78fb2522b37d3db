import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditHandler } from './audit.handler';
import { AuditRepository } from './audit.repository';

/** The audit log: appended from every service's audit.recorded facts (and the notifier's own changes). */
@Module({
  controllers: [AuditController, AuditHandler],
  providers: [AuditRepository],
  exports: [AuditRepository],
})
export class AuditModule {}
