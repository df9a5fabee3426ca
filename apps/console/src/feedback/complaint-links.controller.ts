import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { CustomerLinkService, type LinkVisit } from '@vigil/application';
import { Public } from '@vigil/observability';
import { Can } from '@vigil/runtime';
import { Visit } from '../service-desk/link-visit';
import { LinkConfirmDto } from './feedback.dto';

/** The customer confirms a complaint's resolution through their one-time link: no login, the token is the credential, once. */
@ApiTags('customer links')
@Controller('api/links')
export class ComplaintLinksController {
  constructor(private readonly links: CustomerLinkService) {}

  @Public()
  @Post(':token/confirm')
  @Can('customer-link.use')
  @HttpCode(200)
  @ApiResponse({ status: 404, description: 'code link-unknown' })
  @ApiResponse({ status: 410, description: 'code link-used, link-expired or link-revoked' })
  confirm(@Param('token') token: string, @Body() body: LinkConfirmDto, @Visit() visit: Omit<LinkVisit, 'at'>) {
    return this.links.use(token, 'confirm', body, visit);
  }
}
