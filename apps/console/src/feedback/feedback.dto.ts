import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  COMPLAINT_LEVELS,
  FEEDBACK_CHANNELS,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
  LINK_CHANNELS,
  type ComplaintLevel,
  type FeedbackChannel,
  type FeedbackKind,
  type FeedbackState,
  type LinkChannel,
} from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

export class FeedbackFilterDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) faultId?: string;
  @ApiPropertyOptional({ enum: FEEDBACK_KINDS }) @IsOptional() @IsIn(FEEDBACK_KINDS) kind?: FeedbackKind;
  @ApiPropertyOptional({ enum: FEEDBACK_CHANNELS }) @IsOptional() @IsIn(FEEDBACK_CHANNELS) channel?: FeedbackChannel;
  @ApiPropertyOptional({ enum: FEEDBACK_STATES }) @IsOptional() @IsIn(FEEDBACK_STATES) state?: FeedbackState;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'complaints past their due and not resolved' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional({ description: "YYYY-MM, received in that month (the customer's contract zone, else Asia/Shanghai)" })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'month must be a month written YYYY-MM' })
  month?: string;
}

/** The filters and a page. */
export class FeedbackQueryDto extends IntersectionType(FeedbackFilterDto, PageQueryDto) {}

export class CreateFeedbackDto {
  @ApiProperty() @IsString() @MaxLength(36) customerId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) faultId?: string;
  @ApiProperty({ enum: FEEDBACK_KINDS }) @IsIn(FEEDBACK_KINDS) kind!: FeedbackKind;
  @ApiProperty({ enum: FEEDBACK_CHANNELS }) @IsIn(FEEDBACK_CHANNELS) channel!: FeedbackChannel;
  @ApiProperty({ description: 'who reported it' }) @IsString() @MinLength(1) @MaxLength(200) reporterName!: string;
  @ApiPropertyOptional({ description: 'their phone, mail or WeCom id' }) @IsOptional() @IsString() @MaxLength(200) reporterContact?: string;
  @ApiPropertyOptional({ description: 'when it was received (ISO-8601); now when left out' }) @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) text!: string;
  @ApiPropertyOptional({ description: 'who handles it (the entry is then in progress)' }) @IsOptional() @IsString() @MaxLength(36) handlerId?: string;
  @ApiPropertyOptional({ enum: COMPLAINT_LEVELS, description: 'complaints only: 1 most serious … 3' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn(COMPLAINT_LEVELS)
  level?: ComplaintLevel;
  @ApiPropertyOptional({ description: 'a maintenance request at a site: report it as a fault too (operators and supervisors)' })
  @IsOptional()
  @IsBoolean()
  openFault?: boolean;
}

export class UpdateFeedbackDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(36) handlerId?: string | null;
  @ApiPropertyOptional({ enum: COMPLAINT_LEVELS }) @IsOptional() @Type(() => Number) @IsInt() @IsIn(COMPLAINT_LEVELS) level?: ComplaintLevel;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(4000) text?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) reporterContact?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(64) deviceId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(36) faultId?: string | null;
}

export class ResolveFeedbackDto {
  @ApiProperty({ description: 'what was done' }) @IsString() @MinLength(1) @MaxLength(4000) resolution!: string;
}

export class ReopenFeedbackDto {
  @ApiProperty({ description: 'why the entry goes back to work' }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ConfirmFeedbackDto {
  @ApiProperty({ description: 'who confirmed on the phone, as they named themselves' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional({ description: 'when they confirmed (ISO-8601); now when left out' }) @IsOptional() @IsISO8601({ strict: true }) at?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SendConfirmationDto {
  @ApiProperty({ enum: LINK_CHANNELS, description: "how the one-time confirmation link reaches the customer's contact" }) @IsIn(LINK_CHANNELS) channel!: LinkChannel;
}

export class LinkConfirmDto {
  @ApiProperty({ description: 'who confirms, as they name themselves' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class CloseFeedbackDto {
  @ApiPropertyOptional({ description: 'what was done; a complaint needs one (given here or when it was resolved)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  resolution?: string;
}
