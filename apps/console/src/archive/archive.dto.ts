import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const PERIOD = /^\d{4}-\d{2}(-\d{2})?$/;
const PERIOD_MESSAGE = (field: string) => `${field} must be a month YYYY-MM or a day YYYY-MM-DD`;

/** The period of an archive, in the contract's time zone; `to` is included. */
export class ArchivePeriodDto {
  @ApiPropertyOptional({ description: "YYYY-MM or YYYY-MM-DD in the contract's time zone; default: eleven months before `to`" })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE('from') })
  from?: string;
  @ApiPropertyOptional({ description: "YYYY-MM or YYYY-MM-DD in the contract's time zone, included; default: this month" })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE('to') })
  to?: string;
}

export class ArchiveFilterDto extends ArchivePeriodDto {
  @ApiPropertyOptional({ description: 'one of deviceId, siteId, contractId' }) @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional({ description: 'kinds, comma-separated: status, condition, firmware, fault, repair, patrol, … (default: all)' })
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value.join(',') : value))
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, { message: 'kinds must be kind names separated by commas' })
  @MaxLength(300)
  kinds?: string;
}

/** A page of the timeline: 100 entries unless asked. */
export class ArchiveQueryDto extends ArchiveFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export const requestOf = (q: ArchiveFilterDto | ArchiveQueryDto) => ({
  deviceId: q.deviceId,
  siteId: q.siteId,
  contractId: q.contractId,
  from: q.from,
  to: q.to,
  kinds: q.kinds ? q.kinds.split(',') : undefined,
});
