import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TEST_CHANNELS, WEBHOOK_FORMATS, type TestChannel, type WebhookFormat } from '@vigil/domain';

export class WebhookDto {
  @ApiProperty() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) url!: string;
  @ApiProperty({ enum: WEBHOOK_FORMATS }) @IsIn(WEBHOOK_FORMATS) format!: WebhookFormat;
}

export class OverrideDto {
  @ApiProperty() @IsISO8601() from!: string;
  @ApiProperty() @IsISO8601() to!: string;
  @ApiProperty() @IsString() @MaxLength(36) userId!: string;
}

export class RotaDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) siteIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) regions?: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 4, default: 4 }) @IsOptional() @IsInt() @Min(1) @Max(4) maxLevel?: 1 | 2 | 3 | 4;
  @ApiPropertyOptional({ enum: ['7x24', '5x8'], default: '7x24' }) @IsOptional() @IsIn(['7x24', '5x8']) cover?: '7x24' | '5x8';
  @ApiProperty({ type: [String], description: 'user ids in turn order' }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) members!: string[];
  @ApiProperty({ description: 'start of the first shift' }) @IsISO8601() startsAt!: string;
  @ApiPropertyOptional({ default: 7 }) @IsOptional() @IsInt() @Min(1) @Max(31) shiftDays?: number;
  @ApiPropertyOptional({ type: [OverrideDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => OverrideDto) overrides?: OverrideDto[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) supervisorIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) managerIds?: string[];
  @ApiPropertyOptional({ type: [WebhookDto] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => WebhookDto) webhooks?: WebhookDto[];
  @ApiPropertyOptional({ description: 'minutes unacknowledged before backup, supervisor, manager', default: [15, 30, 60] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(3)
  @IsNumber({}, { each: true })
  @Min(0.05, { each: true })
  @Max(10080, { each: true })
  escalateAfterMinutes?: [number, number, number];
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @IsNumber() @Min(0.05) @Max(1440) repeatEveryMinutes?: number;
}

export class WindowDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsISO8601() startsAt!: string;
  @ApiProperty() @IsISO8601() endsAt!: string;
  @ApiPropertyOptional({ type: [String], description: 'absent with deviceIds absent: every site' }) @IsOptional() @IsArray() @IsString({ each: true }) siteIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) deviceIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

/** The period an alert volume is counted over. */
export class AlertVolumeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10080, default: 60, description: 'minutes back from now' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10080)
  minutes?: number;
}

/** Who a test of a rota's channels goes to. */
export class RotaTestDto {
  @ApiPropertyOptional({ type: [String], description: "people named in the rota to mail; absent: whoever is on call now; [] with channels webhook: the rota's webhooks only" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  userIds?: string[];
  @ApiPropertyOptional({ enum: TEST_CHANNELS, isArray: true, description: 'absent: every channel' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TEST_CHANNELS, { each: true })
  channels?: TestChannel[];
}

export class TestDeliveryDto {
  @ApiProperty({ enum: TEST_CHANNELS }) channel!: TestChannel;
  @ApiProperty({ description: 'the mail address (or user name, when the user has none) or the webhook URL' }) recipient!: string;
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty({ enum: ['sent', 'failed', 'skipped'] }) status!: 'sent' | 'failed' | 'skipped';
  @ApiProperty({ type: String, nullable: true, description: 'why it failed or was skipped' }) detail!: string | null;
}

export class RotaTestResultDto {
  @ApiProperty({ type: String, format: 'date-time' }) at!: Date;
  @ApiProperty({ type: [TestDeliveryDto] }) deliveries!: TestDeliveryDto[];
}
