import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { CustomerLinkService, type LinkVisit } from '@vigil/application';
import { Public } from '@vigil/observability';
import { Can } from '@vigil/runtime';
import { Visit } from './link-visit';
import { SignServiceRecordDto } from './service-record.dto';

/**
 * The customer's side of a one-time link: no login, the token is the credential. Each purpose adds its own
 * `POST /api/links/{token}/<action>` (sign, survey …) calling CustomerLinkService.use with its validated body.
 */
@ApiTags('customer links')
@Controller('api/links')
export class LinksController {
  constructor(private readonly links: CustomerLinkService) {}

  @Public()
  @Get(':token')
  @Can('customer-link.use')
  @ApiResponse({ status: 404, description: 'code link-unknown' })
  @ApiResponse({ status: 410, description: 'code link-used, link-expired or link-revoked' })
  open(@Param('token') token: string, @Visit() visit: Omit<LinkVisit, 'at'>) {
    return this.links.open(token, visit);
  }

  /** The customer signs a service record sent to them; the signature is recorded as given through their own channel. */
  @Public()
  @Post(':token/sign')
  @Can('customer-link.use')
  @HttpCode(200)
  @ApiResponse({ status: 404, description: 'code link-unknown, or link-action-unknown for a link of another purpose' })
  @ApiResponse({ status: 410, description: 'code link-used, link-expired or link-revoked' })
  sign(@Param('token') token: string, @Body() body: SignServiceRecordDto, @Visit() visit: Omit<LinkVisit, 'at'>) {
    return this.links.use(token, 'sign', body, visit);
  }
}
