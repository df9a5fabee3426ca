export { createGb28181Source, type Gb28181SourceOptions } from './gb28181-source';
export { readGb28181Config, type Gb28181ServerConfig } from './gb28181-config';
