import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CRITICALITIES, DEVICE_ID_PATTERN, DEVICE_STATUSES, DEVICE_TYPES, type Criticality, type DeviceStatus, type DeviceType } from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateDeviceDto {
  @ApiProperty({ example: 'QD-R1-DVR01', pattern: DEVICE_ID_PATTERN.source })
  @IsString()
  @Matches(DEVICE_ID_PATTERN, { message: 'id must be 1–64 of A-Z a-z 0-9 . _ -' })
  id!: string;

  @ApiProperty({ enum: DEVICE_TYPES }) @IsIn(DEVICE_TYPES) type!: DeviceType;
  @ApiProperty() @IsString() @MaxLength(36) siteId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) model?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) serial?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) firmware?: string;
  @ApiPropertyOptional({ description: 'the device it hangs off (topology)' })
  @IsOptional()
  @IsString()
  @Matches(DEVICE_ID_PATTERN, { message: 'parentId must be a device id' })
  parentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  heartbeatIntervalSec?: number;

  @ApiPropertyOptional({ enum: CRITICALITIES }) @IsOptional() @IsIn(CRITICALITIES) criticality?: Criticality;
  @ApiPropertyOptional({ example: '2024-03-01' })
  @IsOptional()
  @Matches(DATE, { message: 'installedAt must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  installedAt?: string;

  @ApiPropertyOptional({ example: '2027-03-01' })
  @IsOptional()
  @Matches(DATE, { message: 'warrantyUntil must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  warrantyUntil?: string;
}

export class UpdateDeviceDto extends PartialType(OmitType(CreateDeviceDto, ['id'] as const)) {}

export class DeviceQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional({ enum: DEVICE_TYPES }) @IsOptional() @IsIn(DEVICE_TYPES) type?: DeviceType;
  @ApiPropertyOptional({ enum: DEVICE_STATUSES }) @IsOptional() @IsIn(DEVICE_STATUSES) status?: DeviceStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) parentId?: string;
  @ApiPropertyOptional({ description: 'text in id or name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ description: 'false: only types that send no heartbeats (their status stays unknown); true: only those that do' })
  @IsOptional()
  @Transform(({ value }) => ({ true: true, false: false })[value as string] ?? value)
  @IsBoolean()
  monitored?: boolean;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ description: '1: check the file, write nothing' })
  @IsOptional()
  @Type(() => Number)
  @IsIn([0, 1])
  dryRun?: number;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export class OnlineQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601; default 24 h before `to`' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601; default now' }) @IsOptional() @IsISO8601() to?: string;
}

/** Exactly one of deviceIds and siteId. */
export class IssueSecretsDto {
  @ApiPropertyOptional({ type: [String], maxItems: 10000, description: 'these devices' })
  @ValidateIf((o: IssueSecretsDto) => o.siteId === undefined)
  @IsArray({ message: 'deviceIds must be a list of device ids (or give siteId)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @Matches(DEVICE_ID_PATTERN, { each: true, message: 'deviceIds must hold device ids (1–64 of A-Z a-z 0-9 . _ -)' })
  deviceIds?: string[];

  @ApiPropertyOptional({ description: 'every device of this site' })
  @ValidateIf((o: IssueSecretsDto) => o.deviceIds === undefined)
  @IsString({ message: 'siteId must be a site id (or give deviceIds)' })
  @MaxLength(36)
  siteId?: string;

  @ApiPropertyOptional({ description: 'true: only devices that have no secret yet (after an import), leaving the others working' })
  @IsOptional()
  @IsBoolean()
  missingOnly?: boolean;
}
