import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PATROL_KINDS, PATROL_STATES, type ItemOutcome, type PatrolKind, type PatrolState } from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

export class PatrolQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM: patrols whose period overlaps that month' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'period must be a month written YYYY-MM' })
  period?: string;
  @ApiPropertyOptional({ enum: [...PATROL_STATES, 'overdue'] }) @IsOptional() @IsIn([...PATROL_STATES, 'overdue']) state?: PatrolState | 'overdue';
  @ApiPropertyOptional({ enum: PATROL_KINDS }) @IsOptional() @IsIn(PATROL_KINDS) kind?: PatrolKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) assigneeId?: string;
}

export class AssignPatrolDto {
  @ApiProperty() @IsString() @MaxLength(36) assigneeId!: string;
}

export class RecordLineDto {
  @ApiPropertyOptional({ enum: ['pass', 'fail', 'n/a'] }) @IsOptional() @IsIn(['pass', 'fail', 'n/a']) outcome?: ItemOutcome;
  @ApiPropertyOptional({ description: 'number or text, by item type' })
  @IsOptional()
  @ValidateIf((o: RecordLineDto) => typeof o.value === 'string')
  @MaxLength(2000)
  value?: number | string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SignPatrolDto {
  @ApiProperty({ description: "the customer representative's name" }) @IsString() @MinLength(1) @MaxLength(100) signerName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) signerTitle!: string;
  @ApiProperty({ description: 'the signature drawn in the browser, as a PNG data URL' }) @IsString() signature!: string;
  @ApiPropertyOptional({ description: 'the stamp (盖章) image, as a PNG or JPEG data URL' }) @IsOptional() @IsString() stamp?: string;
}

export class CorrectionDto {
  @ApiProperty() @IsString() @MaxLength(200) lineKey!: string;
  @ApiProperty({ enum: ['pass', 'fail', 'n/a'] }) @IsIn(['pass', 'fail', 'n/a']) outcome!: ItemOutcome;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) value?: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) note!: string;
}
