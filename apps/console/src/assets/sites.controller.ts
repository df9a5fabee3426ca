import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SiteService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateSiteDto, SiteQueryDto, UpdateSiteDto } from './site.dto';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/sites')
export class SitesController {
  constructor(private readonly sites: SiteService) {}

  @Post()
  @Can('site.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateSiteDto) {
    return this.sites.create(actor, body);
  }

  @Get()
  @Can('estate.read')
  list(@CurrentActor() actor: Actor, @Query() query: SiteQueryDto) {
    return this.sites.list(actor, { region: query.region, parentId: query.parentId, customerId: query.customerId }, pageOf(query));
  }

  @Get(':id')
  @Can('estate.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.sites.get(actor, id);
  }

  @Patch(':id')
  @Can('site.write')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateSiteDto) {
    return this.sites.update(actor, id, body);
  }

  @Delete(':id')
  @Can('site.write')
  @HttpCode(204)
  delete(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.sites.delete(actor, id);
  }
}
