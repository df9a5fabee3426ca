export { createIsapiSource, type IsapiSourceOptions } from './isapi-source';
export { readIsapiConfig } from './isapi-config';
export { HikvisionIsapiAdapter } from './hikvision-isapi.adapter';
export type { RecorderApiAdapter, RecorderStatus } from './recorder-api-adapter';
