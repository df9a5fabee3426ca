import { Body, Controller, Get, Header, Headers, HttpCode, Ip, Post, ValidationPipe } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgentService } from '@vigil/application';
import { Public } from '@vigil/observability';
import { Can } from '@vigil/runtime';
import { AgentDiscoveredDto } from './gateway.dto';

/** The global pipe's rules, applied to the body only once the gateway's login passed (a stranger learns nothing of the shape). */
const validation = new ValidationPipe({ whitelist: true, transform: true, stopAtFirstError: false });

/**
 * The edge agent's routes ([15]): no user token; the agent logs in as its gateway with HTTP Basic (`gw@{id}` and the gateway's
 * secret from POST /api/gateways/{id}/mqtt-secret), checked and throttled in the service like a login.
 */
@ApiTags('agent')
@ApiBasicAuth()
@Controller('api/agent')
export class AgentController {
  constructor(private readonly agent: AgentService) {}

  /** The devices assigned to the gateway that have management fields, with their credentials in clear (AgentConfig). */
  @Public()
  @Get('config')
  @Can('agent.gateway')
  @Header('Cache-Control', 'no-store')
  @ApiResponse({ status: 401, description: 'no or a wrong gateway login' })
  @ApiResponse({ status: 429, description: 'too many failed logins for this gateway' })
  async config(@Headers('authorization') authorization: string | undefined, @Ip() address: string) {
    return this.agent.config(await this.agent.authenticate(authorization, address));
  }

  /** Devices the agent found on its network: those not in the register join the discovered list, the gateway as their source. */
  @Public()
  @Post('discovered')
  @Can('agent.gateway')
  @HttpCode(200)
  @ApiBody({ type: AgentDiscoveredDto })
  @ApiResponse({ status: 401, description: 'no or a wrong gateway login' })
  @ApiResponse({ status: 400, description: 'a body that does not fit, the field named (after the login)' })
  async discovered(@Headers('authorization') authorization: string | undefined, @Ip() address: string, @Body() raw: unknown) {
    const gatewayId = await this.agent.authenticate(authorization, address);
    const body = (await validation.transform(raw, { type: 'body', metatype: AgentDiscoveredDto })) as AgentDiscoveredDto;
    return this.agent.discovered(gatewayId, body.items);
  }
}
