import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ScopeService, SiteService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { CurrentActor } from '@vigil/runtime';
import { Roles } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateSiteDto, SiteQueryDto, UpdateSiteDto } from './site.dto';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/sites')
export class SitesController {
  constructor(private readonly sites: SiteService, private readonly scope: ScopeService) {}

  @Post()
  @Roles('admin', 'supervisor')
  create(@CurrentActor() actor: Actor, @Body() body: CreateSiteDto) {
    return this.sites.create(actor, body);
  }

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: SiteQueryDto) {
    return this.sites.list({ region: query.region, parentId: query.parentId, customerId: query.customerId, siteIds: await this.scope.siteIdsOf(actor) }, pageOf(query));
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.scope.requireSite(actor, id, 'site', id);
    return this.sites.get(id);
  }

  @Patch(':id')
  @Roles('admin', 'supervisor')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateSiteDto) {
    return this.sites.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'supervisor')
  delete(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.sites.delete(actor, id);
  }
}
