import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsEmail, IsObject, IsOptional, IsString, IsTimeZone, Matches, MaxLength, MinLength } from 'class-validator';
import { CalendarService, ContractService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The customer's contact person and where one-time links reach them. */
class CustomerContactDto {
  @ApiPropertyOptional({ description: 'contact person', nullable: true }) @IsOptional() @IsString() @MaxLength(100) contactName?: string | null;
  @ApiPropertyOptional({ description: 'mobile number for SMS links', example: '+86 138 0000 0000', nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{5,30}$/, { message: 'contactMobile must be a phone number (digits, spaces, -, a leading +)' })
  contactMobile?: string | null;
  @ApiPropertyOptional({ description: 'mail address for mailed links', nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) contactEmail?: string | null;
  @ApiPropertyOptional({ description: 'WeCom user id the robot mentions', nullable: true }) @IsOptional() @IsString() @MaxLength(64) contactWecomId?: string | null;
}

export class CreateCustomerDto extends CustomerContactDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) contact?: string;
}

export class UpdateCustomerDto extends CustomerContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) contact?: string | null;
}

export class CreateContractDto {
  @ApiProperty() @IsString() @MaxLength(36) customerId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE, { message: 'startsOn must be YYYY-MM-DD' }) startsOn!: string;
  @ApiProperty({ example: '2027-12-31' }) @Matches(DATE, { message: 'endsOn must be YYYY-MM-DD' }) endsOn!: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @IsOptional() @IsTimeZone() timeZone?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'targets per level × region (see README)' }) @IsObject() slaPolicy!: object;
}

export class SlaPolicyDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'targets per level × region (see README)' }) @IsObject() slaPolicy!: object;
}

export class FaultRulesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'levels, criticalityRaise, widespread, siteOfflineLevel, flapping, majorEvents, quietHours (see README)',
  })
  @IsObject()
  faultRules!: object;
}

/** The JSON form of a notice, for the OpenAPI document; the domain reads and checks the body (JSON or CSV). */
export class HolidayScheduleDto {
  @ApiProperty({ example: ['2027-01-01'] }) @IsArray() @IsString({ each: true }) daysOff!: string[];
  @ApiProperty({ example: ['2027-02-07'] }) @IsArray() @IsString({ each: true }) makeUpWorkdays!: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) source?: string;
}

export class HolidayNoticeQueryDto {
  @ApiPropertyOptional({ description: 'the notice a CSV upload comes from (a JSON body gives its own source)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string;
}

export class FeedbackRulesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'complaintDueHours {"1":4,"2":24,"3":72}, escalationIntervalHours (4), complaintConfirmation (false); see README "Feedback"',
    example: { complaintDueHours: { '1': 4, '2': 24, '3': 72 }, escalationIntervalHours: 4, complaintConfirmation: true },
  })
  @IsObject()
  feedbackRules!: object;
}

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api')
export class ContractsController {
  constructor(
    private readonly contracts: ContractService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('customers')
  @Can('estate.read')
  customers(@CurrentActor() actor: Actor) {
    return this.contracts.listCustomers(actor).then((items) => ({ items, total: items.length }));
  }

  @Post('customers')
  @Can('customer.write')
  createCustomer(@CurrentActor() actor: Actor, @Body() body: CreateCustomerDto) {
    return this.contracts.createCustomer(actor, body);
  }

  @Patch('customers/:id')
  @Can('customer.write')
  updateCustomer(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateCustomerDto) {
    return this.contracts.updateCustomer(actor, id, body);
  }

  @Get('contracts')
  @Can('estate.read')
  list(@CurrentActor() actor: Actor) {
    return this.contracts.list(actor).then((items) => ({ items, total: items.length }));
  }

  @Get('contracts/:id')
  @Can('estate.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.contracts.get(actor, id);
  }

  @Post('contracts')
  @Can('contract.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateContractDto) {
    return this.contracts.create(actor, body);
  }

  @Put('contracts/:id/sla-policy')
  @Can('contract.write')
  replacePolicy(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SlaPolicyDto) {
    return this.contracts.replacePolicy(actor, id, body.slaPolicy);
  }

  @Put('contracts/:id/fault-rules')
  @Can('contract.write')
  replaceFaultRules(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: FaultRulesDto) {
    return this.contracts.replaceFaultRules(actor, id, body.faultRules);
  }

  @Put('contracts/:id/feedback-rules')
  @Can('contract.write')
  replaceFeedbackRules(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: FeedbackRulesDto) {
    return this.contracts.replaceFeedbackRules(actor, id, body.feedbackRules);
  }

  @Get('calendars/holidays')
  @Can('estate.read')
  holidays(@CurrentActor() actor: Actor) {
    return this.calendar.list(actor);
  }

  @Put('calendars/holidays/:year')
  @Can('calendar.write')
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: HolidayScheduleDto, description: 'JSON lists, or text/csv with one row a day: date,kind (off|workday); see README "SLA policy"' })
  putHolidays(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: unknown, @Query() query: HolidayNoticeQueryDto) {
    return this.calendar.putNotice(actor, year, body, query.source);
  }
}
