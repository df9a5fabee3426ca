import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHAIN_PROBLEMS, type ChainProblem } from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) entity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) actor?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}

export class ExportQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'jsonl', 'pdf'], default: 'jsonl' }) @IsOptional() @IsIn(['csv', 'jsonl', 'pdf']) format?: 'csv' | 'jsonl' | 'pdf';
}

export class AuditEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'username, or system' }) actor!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ example: 'update' }) action!: string;
  @ApiProperty({ example: 'fault' }) entity!: string;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the thing before the change' }) before!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the thing after the change' }) after!: unknown;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class AuditNameDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ description: "a fault's or patrol's kind" }) kind?: string;
  @ApiPropertyOptional({ description: "a patrol's period" }) period?: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/AuditNameDto' },
    description: "names of what the page's entries name by id, keyed `site:<id>`, `device:<id>`, `user:<id>`, `username:<name>`, `fault:<id>`…, as far as the reader may see them",
  })
  names!: Record<string, AuditNameDto>;
}

export class ChainVerdictDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'entries checked' }) entries!: number;
  @ApiPropertyOptional({ description: 'the first entry that fails' }) brokenAt?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'the newest entry a signature vouches for, every one before it intact' }) lastProven?: number | null;
  @ApiPropertyOptional({ enum: CHAIN_PROBLEMS }) problem?: ChainProblem;
  @ApiPropertyOptional({ description: 'what is wrong, in English' }) reason?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) firstHash?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastHash?: string | null;
}

export class AuditCheckpointDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() headId!: number;
  @ApiProperty() headHash!: string;
  @ApiProperty() count!: number;
  @ApiProperty() signature!: string;
}

export class AuditCheckpointListDto {
  @ApiProperty({ type: [AuditCheckpointDto] }) items!: AuditCheckpointDto[];
  @ApiProperty() total!: number;
}
