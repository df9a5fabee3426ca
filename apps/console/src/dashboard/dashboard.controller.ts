import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DashboardService, type TrendRange } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

class TrendQueryDto {
  @ApiPropertyOptional({ enum: ['24h', '30d'], default: '24h' }) @IsOptional() @IsIn(['24h', '30d']) range?: TrendRange;
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** Open faults per level, every site with its devices counted by status and its open faults, patrols due and overdue. */
  @Get('overview')
  @Can('dashboard.read')
  overview(@CurrentActor() actor: Actor) {
    return this.dashboard.overview(actor);
  }

  /** Open faults by level over time, online rate (estate and per site), MTTR, over 24 h or 30 days. */
  @Get('trends')
  @Can('dashboard.read')
  trends(@CurrentActor() actor: Actor, @Query() q: TrendQueryDto) {
    return this.dashboard.trends(actor, q.range ?? '24h');
  }
}
