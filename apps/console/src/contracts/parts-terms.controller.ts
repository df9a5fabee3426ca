import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { PartsTermsService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

export class PartsTermsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'pauseWhileWaitingForPart (boolean), repeatFailureDays (0–365, 0 = off), loanerDueDays (1–365), deviceWarrantyMonths (0–240); each optional',
  })
  @IsObject()
  settings!: object;
}

/** A contract's parts, loaner and warranty terms. */
@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api')
export class PartsTermsController {
  constructor(private readonly terms: PartsTermsService) {}

  @Get('contracts/:id/parts-terms')
  @Can('estate.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.terms.get(actor, id);
  }

  @Put('contracts/:id/parts-terms')
  @Can('contract.write')
  put(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PartsTermsDto) {
    return this.terms.replace(actor, id, body.settings);
  }
}
