import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { VideoFiguresService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

export class VideoFiguresQueryDto {
  @ApiPropertyOptional({ description: "YYYY-MM: each site's own local month (up to its local today)" })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month written YYYY-MM' })
  month?: string;
  @ApiPropertyOptional({ description: "YYYY-MM-DD: each site's own local day; neither month nor day: each site's local today" })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'day must be a date written YYYY-MM-DD' })
  day?: string;
  @ApiPropertyOptional({ description: "a contract: its sites in the caller's scope" }) @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional({ description: 'one site; neither contractId nor siteId: every site in scope' }) @IsOptional() @IsString() @MaxLength(36) siteId?: string;
}

@ApiTags('video')
@ApiBearerAuth()
@Controller('api/video')
export class VideoFiguresController {
  constructor(private readonly figures: VideoFiguresService) {}

  /**
   * 录像完整率 recording completeness, retention compliance, 完好率 picture intact rate and 在线率 online rate, per contract,
   * site (its zone named, a figure per local day), device and channel. A figure with nothing reported is null (not known),
   * never 0; unknownChannelDays counts the channel-days with no report at all.
   */
  @Get('figures')
  @Can('video.read')
  @ApiOkResponse({
    description:
      '{ period, contract, completeness, retentionCompliance, intactRate, onlineRate, reportedChannelDays, unknownChannelDays, sites: [{ siteId, siteName, timeZone, …, days, devices: [{ deviceId, deviceName, …, channels: [{ ch, …, days }] }] }] }',
  })
  get(@CurrentActor() actor: Actor, @Query() q: VideoFiguresQueryDto) {
    return this.figures.figures(actor, q);
  }
}
