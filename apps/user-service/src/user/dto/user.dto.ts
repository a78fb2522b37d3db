import { Role } from '@evently/auth';
import { Omittable, OpaqueText, PaginationQueryDto, PatchBody, trimString } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { UserEntity } from '../user.entity';

@PatchBody()
export class UpdateMeDto {
  @ApiPropertyOptional()
  @Omittable()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  fullName?: string;

  @ApiPropertyOptional({ description: 'Required to change the password' })
  @ValidateIf((o: UpdateMeDto) => o.currentPassword !== undefined)
  @IsString()
  @MaxLength(128)
  @OpaqueText()
  currentPassword?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  @OpaqueText()
  newPassword?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ['customer', 'organizer', 'admin'] })
  @IsIn(['customer', 'organizer', 'admin'])
  role!: Role;
}

export class ListUsersQueryDto extends PaginationQueryDto {}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ['customer', 'organizer', 'admin'] }) role!: Role;
  @ApiProperty() createdAt!: string;

  static from(user: UserEntity): UserDto {
    return {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
