import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CustomerLinkService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

/** Staff's side of one-time links: a link not yet used can be withdrawn (its id is in the subject's `links`). */
@ApiTags('customer links')
@ApiBearerAuth()
@Controller('api/customer-links')
export class CustomerLinksController {
  constructor(private readonly links: CustomerLinkService) {}

  @Post(':id/revoke')
  @Can('customer-link.revoke')
  @HttpCode(200)
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.links.revoke(actor, id);
  }
}
