import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  Matches,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
} from 'class-validator';
import {
  ALL_ROLES,
  FAULT_KINDS,
  FAULT_STATES,
  REPORT_CHANNELS,
  SLA_EVENT_TYPES,
  type FaultKind,
  type FaultState,
  type ReportChannel,
  type Role,
  type SlaEventType,
} from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

export class FaultQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 4 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(4) level?: 1 | 2 | 3 | 4;
  @ApiPropertyOptional({ enum: ['open', ...FAULT_STATES], description: 'open: every state but closed' })
  @IsOptional()
  @IsIn(['open', ...FAULT_STATES])
  state?: FaultState | 'open';
  @ApiPropertyOptional({ enum: FAULT_KINDS }) @IsOptional() @IsIn(FAULT_KINDS) kind?: FaultKind;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) assigneeId?: string;
}

export class ReportFaultDto {
  @ApiProperty() @IsString() @MaxLength(36) siteId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiProperty({ enum: FAULT_KINDS }) @IsIn(FAULT_KINDS) kind!: FaultKind;
  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: 'for kinds no rule covers' }) @IsOptional() @IsInt() @Min(1) @Max(4) level?: 1 | 2 | 3 | 4;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description!: string;
  @ApiProperty({ description: 'who reported it (申告人)' }) @IsString() @MinLength(1) @MaxLength(200) reporter!: string;
  @ApiProperty({ enum: REPORT_CHANNELS }) @IsIn(REPORT_CHANNELS) channel!: ReportChannel;
}

export class AcknowledgeDto {
  @ApiPropertyOptional({ description: 'the plan (解决方案)' }) @IsOptional() @IsString() @MaxLength(4000) plan?: string;
}

/** Most faults one bulk acknowledgement takes: a page of rows or an incident's members. */
export const BULK_ACKNOWLEDGE_MAX = 1000;

export class BulkAcknowledgeDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: BULK_ACKNOWLEDGE_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_ACKNOWLEDGE_MAX)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  ids!: string[];
  @ApiPropertyOptional({ description: 'the plan (解决方案), the same for every fault' }) @IsOptional() @IsString() @MaxLength(4000) plan?: string;
}

export class SkippedFaultDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: FAULT_STATES, description: 'the state it was already in' }) state!: FaultState;
}

export class BulkAcknowledgementDto {
  @ApiProperty({ type: [String], description: 'the faults acknowledged now' }) acknowledged!: string[];
  @ApiProperty({ type: [SkippedFaultDto], description: 'faults someone had already moved past open, left as they were' }) skipped!: SkippedFaultDto[];
}

export class CrewPersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'display name, else the username' }) name!: string;
  @ApiProperty({ enum: ALL_ROLES }) role!: Role;
}

export class AssigneeDto extends CrewPersonDto {
  @ApiProperty({ enum: ['primary', 'backup'], nullable: true, type: String, description: "on call now for this fault's rota" }) onCall!: 'primary' | 'backup' | null;
}

export class AssigneesDto {
  @ApiProperty({ type: [AssigneeDto] }) items!: AssigneeDto[];
  @ApiProperty() total!: number;
}

export class OnCallRotaBriefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['7x24', '5x8'] }) cover!: '7x24' | '5x8';
}

export class FaultOnCallDto {
  @ApiProperty({ type: OnCallRotaBriefDto, nullable: true, description: 'the rota that answers for the fault now (null: none covers it)' }) rota!: OnCallRotaBriefDto | null;
  @ApiProperty({ type: CrewPersonDto, nullable: true }) primary!: CrewPersonDto | null;
  @ApiProperty({ type: CrewPersonDto, nullable: true }) backup!: CrewPersonDto | null;
  @ApiProperty({ type: [CrewPersonDto] }) supervisors!: CrewPersonDto[];
}

export class DispatchDto {
  @ApiProperty() @IsString() @MaxLength(36) assigneeId!: string;
}

export class RestoreDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class CloseSignoffDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) signerName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) signerTitle!: string;
  @ApiProperty({ description: 'PNG or JPEG data URL' })
  @Matches(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, { message: 'signoff.signature must be a PNG or JPEG data URL' })
  @MaxLength(700_000)
  signature!: string;
}

export class CloseDto {
  @ApiProperty({ description: 'the service record: what was found and done' }) @IsString() @MinLength(1) @MaxLength(8000) resolution!: string;
  @ApiPropertyOptional({ description: 'true when the device was permanently repaired' }) @IsOptional() @IsBoolean() repaired?: boolean;
  @ApiPropertyOptional({ type: CloseSignoffDto, description: "the customer's signature on the service record" })
  @IsOptional()
  @ValidateNested()
  @Type(() => CloseSignoffDto)
  signoff?: CloseSignoffDto;
}

export class PauseDto {
  @ApiProperty({ description: "a reason outside the contractor's control" }) @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class SlaEventDto {
  @ApiProperty() @IsISO8601() at!: string;
  @ApiProperty({ enum: SLA_EVENT_TYPES }) @IsIn(SLA_EVENT_TYPES) type!: SlaEventType;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class EvaluateSlaDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) level!: 1 | 2 | 3 | 4;
  @ApiProperty() @IsString() @MaxLength(64) region!: string;
  @ApiProperty() @IsISO8601() openedAt!: string;
  @ApiPropertyOptional({ type: [SlaEventDto] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => SlaEventDto) events?: SlaEventDto[];
  @ApiPropertyOptional({ description: 'default now' }) @IsOptional() @IsISO8601() asOf?: string;
}
