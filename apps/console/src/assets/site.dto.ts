import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { SITE_CLASSES, type SiteClass } from '@vigil/domain';
import { IsIn, IsOptional, IsString, IsTimeZone, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../http/page-query.dto';

export class CreateSiteDto {
  @ApiProperty({ example: 'QD-R1' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'code must be 1–64 of A-Z a-z 0-9 . _ -' })
  code!: string;

  @ApiProperty({ example: '青岛局监控分中心 1号监控室' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'Qingdao' }) @IsString() @MinLength(1) @MaxLength(64) region!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) parentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @IsOptional() @IsTimeZone() timeZone?: string;
  @ApiPropertyOptional({ example: '08:30-17:30', description: 'on-site cover on working days (5×8); 00:00-24:00 for 7×24' })
  @IsOptional()
  @IsString()
  @MaxLength(11)
  workingHours?: string;

  @ApiPropertyOptional({ enum: SITE_CLASSES, default: 'general', description: 'decides the minimum days of recording kept (contract fault rules video.retentionDays)' })
  @IsOptional()
  @IsIn(SITE_CLASSES, { message: `siteClass must be one of ${SITE_CLASSES.join(', ')}` })
  siteClass?: SiteClass;
}

export class UpdateSiteDto extends PartialType(CreateSiteDto) {}

export class SiteQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) parentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
}
