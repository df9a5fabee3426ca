import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DashboardService, ScopeService, type TrendRange } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { CurrentActor, Roles } from '@vigil/runtime';

class TrendQueryDto {
  @ApiPropertyOptional({ enum: ['24h', '30d'], default: '24h' }) @IsOptional() @IsIn(['24h', '30d']) range?: TrendRange;
}

const EVERYONE = ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] as const;

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService, private readonly scope: ScopeService) {}

  /** Open faults per level, every site with its devices counted by status and its open faults, patrols due and overdue. */
  @Get('overview')
  @Roles(...EVERYONE)
  async overview(@CurrentActor() actor: Actor) {
    return this.dashboard.overview(await this.scope.siteIdsOf(actor));
  }

  /** Open faults by level over time, online rate (estate and per site), MTTR, over 24 h or 30 days. */
  @Get('trends')
  @Roles(...EVERYONE)
  async trends(@CurrentActor() actor: Actor, @Query() q: TrendQueryDto) {
    return this.dashboard.trends(q.range ?? '24h', await this.scope.siteIdsOf(actor));
  }
}
