import { Clearable, Omittable, trimString } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';

export const QUESTION_KINDS = ['text', 'choice', 'checkbox'] as const;

/** A question asked of each attendee (per ticket). */
export class QuestionDto {
  @ApiPropertyOptional({
    description: 'Stable key of the answers (a-z, 0-9, - and _); left out: made from the label',
    example: 't-shirt-size',
  })
  @Omittable()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'id must be 1-40 of a-z, 0-9, - and _' })
  id?: string;

  @ApiProperty({ example: 'T-shirt size' })
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiProperty({ enum: QUESTION_KINDS })
  @IsIn(QUESTION_KINDS)
  kind!: (typeof QUESTION_KINDS)[number];

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'The choices of a choice question' })
  @Clearable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  options?: string[] | null;

  @ApiPropertyOptional({ default: false, description: 'Every ticket must answer it (a checkbox: ticked)' })
  @Omittable()
  @IsBoolean()
  required?: boolean;
}
