import { IsEmailAddress } from '@evently/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { StaffView } from '../staff.service';

export class AddStaffDto {
  @ApiProperty({ example: 'door@example.com', description: 'An account that exists' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({
    enum: ['door', 'manager'],
    description: 'door: checks in, sees names; manager: also attendees and undoing check-ins',
  })
  @IsIn(['door', 'manager'])
  role!: 'door' | 'manager';
}

export class StaffDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
  @ApiProperty({ enum: ['door', 'manager'] }) role!: string;
  @ApiProperty() createdAt!: string;

  static from(s: StaffView): StaffDto {
    return {
      userId: s.userId,
      email: s.email,
      fullName: s.fullName,
      role: s.role,
      createdAt: s.createdAt.toISOString(),
    };
  }
}

export class StaffListDto {
  @ApiProperty({ type: [StaffDto] }) items!: StaffDto[];
}
