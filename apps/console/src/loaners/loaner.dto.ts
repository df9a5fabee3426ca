import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DEVICE_TYPES, LOAN_STATES, LOANER_STATES, RMA_STATES, type DeviceType, type LoanerState, type LoanState, type RmaState } from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const asBoolean = ({ value }: { value: unknown }) => ({ true: true, false: false, '1': true, '0': false })[value as string] ?? value;

export class CreateLoanerDto {
  @ApiProperty({ description: 'the device id it heartbeats with (not a registered device’s)', example: 'LOANER-CAM-01' })
  @Matches(ID, { message: 'id must be 1–64 of A-Z a-z 0-9 . _ -' })
  id!: string;
  @ApiProperty({ enum: DEVICE_TYPES }) @IsIn(DEVICE_TYPES) type!: DeviceType;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) model?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) serial?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) vendor?: string | null;
  @ApiProperty({ description: 'the store it is kept in', example: 'central' }) @IsString() @MinLength(1) @MaxLength(64) storeId!: string;
}

export class LoanerQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) storeId?: string;
  @ApiPropertyOptional({ enum: LOANER_STATES }) @IsOptional() @IsIn(LOANER_STATES) state?: LoanerState;
}

export class LendDto {
  @ApiProperty({ description: 'the loaner unit lent' }) @IsString() @MaxLength(64) loanerId!: string;
  @ApiProperty({ description: 'the device going away, whose place the loaner takes' }) @IsString() @MaxLength(64) standsInFor!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(36) faultId?: string | null;
  @ApiPropertyOptional({ description: 'local day (the contract zone) it is due back by; default today + loanerDueDays', example: '2026-12-20', type: String, nullable: true })
  @IsOptional()
  @Matches(DAY, { message: 'dueBackOn must be a day YYYY-MM-DD' })
  dueBackOn?: string | null;
}

export class ExtendLoanDto {
  @ApiProperty({ description: 'the new local day (the contract zone) it is due back by', example: '2026-12-31' })
  @Matches(DAY, { message: 'dueBackOn must be a day YYYY-MM-DD' })
  dueBackOn!: string;
}

export class LoanQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) loanerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) siteId?: string;
  @ApiPropertyOptional({ description: 'loans the device took part in, away or standing in' }) @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) faultId?: string;
  @ApiPropertyOptional({ enum: LOAN_STATES }) @IsOptional() @IsIn(LOAN_STATES) state?: LoanState;
  @ApiPropertyOptional({ description: 'true: only loans out past the end of their due day' }) @IsOptional() @Transform(asBoolean) @IsBoolean() overdue?: boolean;
}

export class CreateRmaDto {
  @ApiPropertyOptional({ description: 'the device sent (or give partSerial)', type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(64) deviceId?: string | null;
  @ApiPropertyOptional({ description: 'a part sent alone, by its serial', type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) partSerial?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(36) faultId?: string | null;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) vendor!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) model?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) serial?: string | null;
  @ApiPropertyOptional({ description: 'default: the device’s warranty on the day it is sent' }) @IsOptional() @IsBoolean() underWarranty?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
}

export class RmaStepDto {
  @ApiPropertyOptional({ description: 'required to replace: the serial of the unit the vendor sent back', type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  replacementSerial?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
}

export class RmaQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) deviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) faultId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) vendor?: string;
  @ApiPropertyOptional({ enum: RMA_STATES }) @IsOptional() @IsIn(RMA_STATES) state?: RmaState;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) customerId?: string;
}

export class WarrantyQueryDto {
  @ApiPropertyOptional({ description: 'the local day asked about; default today in the site’s zone', example: '2026-12-02' })
  @IsOptional()
  @Matches(DAY, { message: 'on must be a day YYYY-MM-DD' })
  on?: string;
}
