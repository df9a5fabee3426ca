import { Foundation1763800000000 } from './1763800000000-foundation';
import { DeviceState1763900000000 } from './1763900000000-device-state';

/** Every migration, oldest first. */
export const MIGRATIONS = [Foundation1763800000000, DeviceState1763900000000];
