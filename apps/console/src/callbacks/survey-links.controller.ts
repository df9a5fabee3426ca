import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { CustomerLinkService, type LinkVisit } from '@vigil/application';
import { Public } from '@vigil/observability';
import { Can } from '@vigil/runtime';
import { Visit } from '../service-desk/link-visit';
import { SurveyAnswersDto } from './callback.dto';

/** The customer answers a satisfaction survey through their one-time link: no login, the token is the credential, once. */
@ApiTags('customer links')
@Controller('api/links')
export class SurveyLinksController {
  constructor(private readonly links: CustomerLinkService) {}

  @Public()
  @Post(':token/survey')
  @Can('customer-link.use')
  @HttpCode(200)
  @ApiResponse({ status: 404, description: 'code link-unknown' })
  @ApiResponse({ status: 410, description: 'code link-used, link-expired or link-revoked' })
  answer(@Param('token') token: string, @Body() body: SurveyAnswersDto, @Visit() visit: Omit<LinkVisit, 'at'>) {
    return this.links.use(token, 'survey', body, visit);
  }
}
