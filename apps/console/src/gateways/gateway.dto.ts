import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  AGENT_PROTOCOLS,
  DEVICE_ID_PATTERN,
  DEVICE_TYPES,
  GATEWAY_ID_PATTERN,
  MAX_GATEWAY_DEVICES,
  MAX_POLL_INTERVAL_SEC,
  MIN_POLL_INTERVAL_SEC,
  type AgentProtocol,
  type DeviceType,
} from '@vigil/domain';

export class CreateGatewayDto {
  @ApiProperty({ example: 'GW-JN-01', pattern: GATEWAY_ID_PATTERN.source })
  @IsString()
  @Matches(GATEWAY_ID_PATTERN, { message: 'id must be 1–64 of A-Z a-z 0-9 . _ -' })
  id!: string;

  @ApiProperty({ example: 'Jinan edge agent 1' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ description: 'the site it serves: its scope, and the only site its devices may be at' }) @IsString() @MaxLength(36) siteId!: string;
}

export class UpdateGatewayDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
}

export class AssignGatewayDevicesDto {
  @ApiProperty({ type: [String], description: `the gateway's devices from now on (at most ${MAX_GATEWAY_DEVICES}), each at its site`, example: ['QD-R1-DVR01'] })
  @IsArray()
  @ArrayMaxSize(MAX_GATEWAY_DEVICES)
  @Matches(DEVICE_ID_PATTERN, { each: true, message: 'deviceIds must be device ids (1–64 of A-Z a-z 0-9 . _ -)' })
  deviceIds!: string[];
}

const SECRET = 'a secret: left out keeps the stored one, null clears it; never shown back';

export class ManagementCredentialsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) username?: string;
  @ApiPropertyOptional({ description: SECRET, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) password?: string | null;
  @ApiPropertyOptional({ description: `SNMP v2c community; ${SECRET}`, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  community?: string | null;
  @ApiPropertyOptional({ enum: ['2c', '3'] }) @IsOptional() @IsIn(['2c', '3']) snmpVersion?: '2c' | '3';
  @ApiPropertyOptional({ enum: ['md5', 'sha'] }) @IsOptional() @IsIn(['md5', 'sha']) authProtocol?: 'md5' | 'sha';
  @ApiPropertyOptional({ enum: ['des', 'aes'] }) @IsOptional() @IsIn(['des', 'aes']) privProtocol?: 'des' | 'aes';
  @ApiPropertyOptional({ description: `SNMP v3 privacy key; ${SECRET}`, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  privPassword?: string | null;
}

export class PutManagementDto {
  @ApiProperty({ enum: AGENT_PROTOCOLS }) @IsIn(AGENT_PROTOCOLS) protocol!: AgentProtocol;

  @ApiProperty({ description: 'snmp/onvif/isapi: host or host:port; gb28181: the 20-digit SIP device id', example: '10.2.0.15' })
  @IsString()
  @Matches(/^\S{1,255}$/, { message: 'address must be 1–255 characters without spaces' })
  address!: string;

  @ApiPropertyOptional({ minimum: MIN_POLL_INTERVAL_SEC, maximum: MAX_POLL_INTERVAL_SEC, default: 60 })
  @IsOptional()
  @IsInt()
  @Min(MIN_POLL_INTERVAL_SEC)
  @Max(MAX_POLL_INTERVAL_SEC)
  pollIntervalSec?: number;

  @ApiPropertyOptional({ type: ManagementCredentialsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ManagementCredentialsDto)
  credentials?: ManagementCredentialsDto;
}

export class AgentDiscoveryDto {
  @ApiProperty({ pattern: DEVICE_ID_PATTERN.source }) @IsString() @Matches(DEVICE_ID_PATTERN, { message: 'items.id must be a device id (1–64 of A-Z a-z 0-9 . _ -)' }) id!: string;
  @ApiPropertyOptional({ enum: DEVICE_TYPES }) @IsOptional() @IsIn(DEVICE_TYPES) type?: DeviceType;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(DEVICE_ID_PATTERN, { message: 'items.parentId must be a device id' }) parentId?: string;
}

export class AgentDiscoveredDto {
  @ApiProperty({ type: [AgentDiscoveryDto], maxItems: 1000 })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AgentDiscoveryDto)
  items!: AgentDiscoveryDto[];
}
