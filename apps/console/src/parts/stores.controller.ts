import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { StockService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { CreatePartModelDto, CreateStoreDto, UpdatePartModelDto, UpdateStoreDto } from './parts.dto';

/** The contractor's stores of spare parts (central, regional, engineers' vans). */
@ApiTags('parts')
@ApiBearerAuth()
@Controller('api/stores')
export class StoresController {
  constructor(private readonly stock: StockService) {}

  @Get()
  @Can('stock.read')
  list(@CurrentActor() actor: Actor) {
    return this.stock.listStores(actor);
  }

  @Post()
  @Can('stock.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreateStoreDto) {
    return this.stock.createStore(actor, body);
  }

  @Patch(':id')
  @Can('stock.write')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateStoreDto) {
    return this.stock.updateStore(actor, id, body);
  }
}

/** Kinds of spare parts and the device models each fits. */
@ApiTags('parts')
@ApiBearerAuth()
@Controller('api/part-models')
export class PartModelsController {
  constructor(private readonly stock: StockService) {}

  @Get()
  @Can('stock.read')
  list(@CurrentActor() actor: Actor) {
    return this.stock.listPartModels(actor);
  }

  @Post()
  @Can('stock.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreatePartModelDto) {
    return this.stock.createPartModel(actor, body);
  }

  @Patch(':id')
  @Can('stock.write')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdatePartModelDto) {
    return this.stock.updatePartModel(actor, id, body);
  }
}
