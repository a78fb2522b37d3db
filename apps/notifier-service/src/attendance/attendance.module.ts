import { Module } from '@nestjs/common';
import { AttendanceRepository } from './attendance.repository';

/** The attendance replica; its repository is the module's API (recording and audiences have no rules of their own). */
@Module({ providers: [AttendanceRepository], exports: [AttendanceRepository] })
export class AttendanceModule {}
