import { IsEmailAddress, Omittable, OpaqueText, toCanonicalEmail, trimString } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'ann@example.com' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  @OpaqueText()
  password!: string;

  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiPropertyOptional({ enum: ['customer', 'organizer'], default: 'customer' })
  @Omittable()
  @IsIn(['customer', 'organizer'], { message: 'role must be customer or organizer (no admin self-signup)' })
  role?: 'customer' | 'organizer';
}

export class LoginDto {
  @ApiProperty()
  @Transform(toCanonicalEmail)
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  @OpaqueText()
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
}
