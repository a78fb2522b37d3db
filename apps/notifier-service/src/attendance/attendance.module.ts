import { Module } from '@nestjs/common';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';

@Module({ providers: [AttendanceService, AttendanceRepository], exports: [AttendanceService] })
export class AttendanceModule {}
