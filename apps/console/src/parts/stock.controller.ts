import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { StockExportService, StockService, type MovementFilter } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AdjustStockDto, MinimumStockDto, MovementFilterDto, MovementQueryDto, ReceiveStockDto, StockQueryDto, TransferStockDto } from './parts.dto';

const movementFilter = (q: MovementFilterDto): MovementFilter => ({
  storeId: q.storeId,
  partModelId: q.partModelId,
  faultId: q.faultId,
  kind: q.kind,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

/** Stock per store and part model, its changes, and the ledger of every change. */
@ApiTags('parts')
@ApiBearerAuth()
@Controller('api/stock')
export class StockController {
  constructor(
    private readonly stock: StockService,
    private readonly exports: StockExportService,
  ) {}

  @Get()
  @Can('stock.read')
  levels(@CurrentActor() actor: Actor, @Query() q: StockQueryDto) {
    return this.stock.levels(actor, { storeId: q.storeId, partModelId: q.partModelId, belowMinimum: q.belowMinimum === '1' });
  }

  @Post('receive')
  @Can('stock.write')
  @Idempotent()
  @HttpCode(200)
  receive(@CurrentActor() actor: Actor, @Body() body: ReceiveStockDto) {
    return this.stock.receive(actor, body);
  }

  @Post('adjust')
  @Can('stock.write')
  @Idempotent()
  @HttpCode(200)
  adjust(@CurrentActor() actor: Actor, @Body() body: AdjustStockDto) {
    return this.stock.adjust(actor, body);
  }

  @Post('transfer')
  @Can('stock.write')
  @Idempotent()
  @HttpCode(200)
  transfer(@CurrentActor() actor: Actor, @Body() body: TransferStockDto) {
    return this.stock.transfer(actor, body);
  }

  @Post('minimum')
  @Can('stock.write')
  @HttpCode(200)
  minimum(@CurrentActor() actor: Actor, @Body() body: MinimumStockDto) {
    return this.stock.setMinimum(actor, body);
  }

  @Get('movements')
  @Can('stock.read')
  movements(@CurrentActor() actor: Actor, @Query() q: MovementQueryDto) {
    return this.stock.movements(actor, movementFilter(q), pageOf(q));
  }

  @Get('movements.csv')
  @Can('stock.read')
  @ApiProduces('text/csv')
  async movementsCsv(@CurrentActor() actor: Actor, @Query() q: MovementFilterDto, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment('stock-movements.csv')
      .send(await this.exports.movementsCsv(actor, movementFilter(q)));
  }
}
