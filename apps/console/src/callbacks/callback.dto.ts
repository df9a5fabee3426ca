import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CALLBACK_OUTCOMES, CALLBACK_STATES, LINK_CHANNELS, SURVEY_STATES, type CallbackOutcome, type CallbackState, type LinkChannel, type SurveyState } from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

const MONTH = /^\d{4}-\d{2}$/;
const PERIOD = /^\d{4}-(H[12]|Q[1-4]|\d{2})$/;

export class CallbackQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) assigneeId?: string;
  @ApiPropertyOptional({ enum: CALLBACK_STATES }) @IsOptional() @IsIn(CALLBACK_STATES) state?: CallbackState;
  @ApiPropertyOptional({ description: 'true: only the callbacks not done by their due + grace' })
  @IsOptional()
  @Transform(({ value }) => ({ true: true, false: false, '1': true, '0': false })[value as string] ?? value)
  @IsBoolean()
  missed?: boolean;
  @ApiPropertyOptional({ description: 'YYYY-MM: due in that month (Asia/Shanghai)' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be a month written YYYY-MM' })
  month?: string;
}

export class AssignCallbackDto {
  @ApiProperty({ description: 'a desk user (operator or supervisor) who did not do the job' }) @IsString() @MaxLength(36) assigneeId!: string;
}

export class CallbackResultDto {
  @ApiProperty({ enum: CALLBACK_OUTCOMES }) @IsIn(CALLBACK_OUTCOMES) outcome!: CallbackOutcome;
  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'the customer’s score, when reached' }) @IsOptional() @IsInt() @Min(0) @Max(10) score?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class CallbackSettingsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'delayMinutes, graceMinutes, passMark, followUpMinutes, retryMinutes, assigneeRole, surveyQuestions (each optional; see README)',
  })
  @IsObject()
  settings!: object;
}

export class SurveyQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional({ example: '2026-H2' }) @IsOptional() @Matches(PERIOD, { message: 'period must be 2026-H2, 2026-Q4 or 2026-12' }) period?: string;
  @ApiPropertyOptional({ enum: SURVEY_STATES }) @IsOptional() @IsIn(SURVEY_STATES) state?: SurveyState;
}

export class CreateSurveyDto {
  @ApiProperty() @IsString() @MaxLength(36) siteId!: string;
  @ApiProperty({ example: '2026-H2', description: 'half year, quarter or month' }) @IsString() @MaxLength(10) period!: string;
}

export class SurveyAnswerDto {
  @ApiProperty() @IsString() @MaxLength(64) key!: string;
  @ApiProperty({ minimum: 0, maximum: 10 }) @IsInt() @Min(0) @Max(10) score!: number;
}

export class SurveyAnswersDto {
  @ApiProperty({ type: [SurveyAnswerDto] }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => SurveyAnswerDto) answers!: SurveyAnswerDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) comment?: string;
  @ApiPropertyOptional({ description: 'who answered for the customer (name, title)' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) respondent?: string;
}

export class SendSurveyDto {
  @ApiProperty({ enum: LINK_CHANNELS, description: "how the one-time link reaches the customer's contact" }) @IsIn(LINK_CHANNELS) channel!: LinkChannel;
}
