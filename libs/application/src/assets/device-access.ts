import type { Actor, Device, Permission } from '@vigil/domain';
import { NotFoundError } from '../errors';
import type { AccessPolicy } from '../identity/access-policy';
import type { DeviceRepository } from '../ports';

/**
 * The device, if the actor may use it with this permission: the role is checked before the device is
 * read, then its site must lie in the actor's scope. Unknown and out-of-scope devices are both 404.
 */
export async function requireDevice(access: AccessPolicy, devices: DeviceRepository, actor: Actor, permission: Permission, id: string): Promise<Device> {
  await access.require(actor, permission);
  const device = await devices.findById(id);
  if (!device) throw new NotFoundError('device', id);
  await access.requireSite(actor, permission, device.siteId, 'device', id);
  return device;
}
