import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, NotEquals } from 'class-validator';
import { MOVEMENT_KINDS, STORE_KINDS, type MovementKind, type StoreKind } from '@vigil/domain';
import { PageQueryDto } from '../http/page-query.dto';

export class CreateStoreDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: STORE_KINDS }) @IsIn(STORE_KINDS) kind!: StoreKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) region?: string;
  @ApiPropertyOptional({ description: "a van's engineer" }) @IsOptional() @IsString() @MaxLength(36) ownerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateStoreDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(64) region?: string | null;
  @ApiPropertyOptional({ nullable: true, description: "a van's engineer" }) @IsOptional() @IsString() @MaxLength(36) ownerId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class CreatePartModelDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) sku!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) vendor?: string;
  @ApiProperty({ type: [String], description: 'device models (as in the asset register) the part fits' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  compatibleModels!: string[];
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(1_000_000_000) unitCostCents!: number;
  @ApiProperty({ minimum: 0, maximum: 120 }) @IsInt() @Min(0) @Max(120) warrantyMonths!: number;
}

export class UpdatePartModelDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(64) sku?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) vendor?: string | null;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) compatibleModels?: string[];
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) unitCostCents?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 120 }) @IsOptional() @IsInt() @Min(0) @Max(120) warrantyMonths?: number;
}

export class StockQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) storeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) partModelId?: string;
  @ApiPropertyOptional({ enum: ['1', '0'], description: '1: only levels at or below their minimum' }) @IsOptional() @IsIn(['1', '0']) belowMinimum?: '1' | '0';
}

class StockPairDto {
  @ApiProperty() @IsString() @MaxLength(36) storeId!: string;
  @ApiProperty() @IsString() @MaxLength(36) partModelId!: string;
}

export class ReceiveStockDto extends StockPairDto {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(100_000) quantity!: number;
  @ApiPropertyOptional({ description: 'delivery note, supplier' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class AdjustStockDto extends StockPairDto {
  @ApiProperty({ description: 'by how many the count on hand changes (negative: fewer)' }) @IsInt() @NotEquals(0) @Min(-100_000) @Max(100_000) delta!: number;
  @ApiProperty({ description: 'why (stocktake, broken, lost)' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class MinimumStockDto extends StockPairDto {
  @ApiProperty({ minimum: 0, description: 'a reorder alert when available falls to or below it; 0: none' }) @IsInt() @Min(0) @Max(100_000) minimum!: number;
}

export class TransferStockDto {
  @ApiProperty() @IsString() @MaxLength(36) fromStoreId!: string;
  @ApiProperty() @IsString() @MaxLength(36) toStoreId!: string;
  @ApiProperty() @IsString() @MaxLength(36) partModelId!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(100_000) quantity!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class MovementFilterDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) storeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) partModelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) faultId?: string;
  @ApiPropertyOptional({ enum: MOVEMENT_KINDS }) @IsOptional() @IsIn(MOVEMENT_KINDS) kind?: MovementKind;
  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class MovementQueryDto extends IntersectionType(MovementFilterDto, PageQueryDto) {}

export class ReservePartDto {
  @ApiProperty() @IsString() @MaxLength(36) partModelId!: string;
  @ApiProperty() @IsString() @MaxLength(36) storeId!: string;
}

export class IssuePartDto {
  @ApiPropertyOptional({ description: 'the engineer it is handed to; the caller when left out' }) @IsOptional() @IsString() @MaxLength(36) issuedTo?: string;
}

export class FitPartDto {
  @ApiProperty({ description: "the new part's serial" }) @IsString() @MinLength(1) @MaxLength(100) serialIn!: string;
  @ApiPropertyOptional({ description: "the removed part's serial" }) @IsOptional() @IsString() @MaxLength(100) serialOut?: string;
}

export class PartReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class PartsReportQueryDto {
  @ApiProperty() @IsString() @MaxLength(36) contractId!: string;
  @ApiProperty({ description: "YYYY-MM, in the contract's time zone" }) @Matches(/^\d{4}-\d{2}$/, { message: 'period must be a month written YYYY-MM' }) period!: string;
}
