import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  CORRECTABLE_FIELDS,
  LINK_CHANNELS,
  SERVICE_RECORD_KINDS,
  SERVICE_RECORD_STATES,
  type CorrectableField,
  type LinkChannel,
  type ServiceRecordKind,
  type ServiceRecordState,
} from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

export class ServiceRecordQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional({ description: "the fault's, patrol's or callback's id" }) @IsOptional() @IsString() @MaxLength(64) jobId?: string;
  @ApiPropertyOptional({ enum: SERVICE_RECORD_KINDS }) @IsOptional() @IsIn(SERVICE_RECORD_KINDS) kind?: ServiceRecordKind;
  @ApiPropertyOptional({ enum: SERVICE_RECORD_STATES }) @IsOptional() @IsIn(SERVICE_RECORD_STATES) state?: ServiceRecordState;
  @ApiPropertyOptional({ description: '1: only records with an integrity flag (for review); 0: only those without', enum: ['0', '1'] })
  @IsOptional()
  @Transform(({ value }) => (value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : value))
  @IsBoolean({ message: 'flagged must be 1 or 0' })
  flagged?: boolean;
  @ApiPropertyOptional({ description: "YYYY-MM of the on-site time, in the contract's zone (Asia/Shanghai without a contract)" })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'month must be written YYYY-MM' })
  month?: string;
}

export class CreateServiceRecordDto {
  @ApiProperty({ enum: SERVICE_RECORD_KINDS }) @IsIn(SERVICE_RECORD_KINDS) kind!: ServiceRecordKind;
  @ApiPropertyOptional({ description: "the fault's, patrol's or callback's id; none for a visit" }) @IsOptional() @IsString() @MaxLength(64) jobId?: string;
  @ApiPropertyOptional({ description: "required for a visit or callback; a fault's or patrol's site is the job's" })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  siteId?: string;
  @ApiPropertyOptional({ description: "default: the fault's resolution" }) @IsOptional() @IsString() @MaxLength(5000) workDone?: string;
  @ApiPropertyOptional({ description: "default for a fault's record: the parts fitted on the fault (model, serials in and out)" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  partsUsed?: string;
  @ApiPropertyOptional({ description: "default: the job's assignee, else the creating engineer" }) @IsOptional() @IsString() @MaxLength(36) engineerId?: string;
  @ApiPropertyOptional({ description: "default: the fault's arrival, the patrol's start" }) @IsOptional() @IsISO8601() onSiteAt?: string;
  @ApiPropertyOptional({ description: "default: the fault's close, the patrol's submission" }) @IsOptional() @IsISO8601() offSiteAt?: string;
}

export class UpdateServiceRecordDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) workDone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) partsUsed?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsISO8601() onSiteAt?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsISO8601() offSiteAt?: string | null;
}

export class SendLinkDto {
  @ApiProperty({ enum: LINK_CHANNELS, description: "the link goes to the customer's mobile (sms), mail or WeCom id on the customer record" })
  @IsIn(LINK_CHANNELS)
  channel!: LinkChannel;
}

export class SignServiceRecordDto {
  @ApiProperty({ description: "the customer representative's name" }) @IsString() @MinLength(1) @MaxLength(100) signerName!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) signerTitle?: string;
  @ApiProperty({ description: 'the signature drawn on the screen, as a PNG or JPEG data URL' }) @IsString() @MaxLength(700_000) signature!: string;
  @ApiPropertyOptional({ description: 'the stamp (盖章) image, as a PNG or JPEG data URL' }) @IsOptional() @IsString() @MaxLength(700_000) stamp?: string;
}

export class ServiceRecordCorrectionDto {
  @ApiProperty({ enum: CORRECTABLE_FIELDS }) @IsIn(CORRECTABLE_FIELDS) field!: CorrectableField;
  @ApiProperty() @IsString() @MaxLength(5000) value!: string;
  @ApiProperty({ description: 'why' }) @IsString() @MinLength(3) @MaxLength(2000) note!: string;
}
