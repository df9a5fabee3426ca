export const VIGIL_CONFIG = Symbol('VIGIL_CONFIG');
