import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LoanerService, LoanService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateLoanerDto, ExtendLoanDto, LendDto, LoanerQueryDto, LoanQueryDto } from './loaner.dto';

/** The loaner pool and its loans: lend, swap back, where a unit is. */
@ApiTags('loaners')
@ApiBearerAuth()
@Controller('api')
export class LoanersController {
  constructor(
    private readonly loaners: LoanerService,
    private readonly loans: LoanService,
  ) {}

  @Get('loaners')
  @Can('loaner.read')
  list(@CurrentActor() actor: Actor, @Query() q: LoanerQueryDto) {
    return this.loaners.list(actor, { storeId: q.storeId, state: q.state });
  }

  @Post('loaners')
  @Can('loaner.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreateLoanerDto) {
    return this.loaners.create(actor, body);
  }

  @Get('loaners/:id')
  @Can('loaner.read')
  where(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.loaners.where(actor, id);
  }

  @Post('loaners/:id/retire')
  @Can('loaner.write')
  @HttpCode(200)
  retire(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.loaners.retire(actor, id);
  }

  @Post('loaners/:id/mqtt-secret')
  @Can('loaner.write')
  issueSecret(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.loaners.issueSecret(actor, id);
  }

  @Get('loans')
  @Can('loaner.read')
  listLoans(@CurrentActor() actor: Actor, @Query() q: LoanQueryDto) {
    return this.loans.list(actor, { loanerId: q.loanerId, siteId: q.siteId, deviceId: q.deviceId, faultId: q.faultId, state: q.state, overdue: q.overdue }, pageOf(q));
  }

  @Post('loans')
  @Can('loaner.write')
  @Idempotent()
  lend(@CurrentActor() actor: Actor, @Body() body: LendDto) {
    return this.loans.lend(actor, body);
  }

  @Get('loans/:id')
  @Can('loaner.read')
  getLoan(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.loans.get(actor, id);
  }

  @Patch('loans/:id')
  @Can('loaner.write')
  extend(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ExtendLoanDto) {
    return this.loans.extend(actor, id, body.dueBackOn);
  }

  @Post('loans/:id/swap-back')
  @Can('loaner.write')
  @HttpCode(200)
  swapBack(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.loans.swapBack(actor, id);
  }
}
