export { type CliIo, formatRequestLine, runCli } from './cli.js';
export { GATEWAY_RESPONSES, type GatewayResponse } from './gateway-responses.js';
export {
  createLocalIdentity,
  type IssuedToken,
  type Jwks,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  LOCAL_USER_POOL_ID,
  type LocalIdentity,
  subjectForEmail,
} from './identity.js';
export { buildOpenApiDocument, renderOpenApiDocument } from './openapi.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  ListenError,
  type LocalServer,
  type LocalServerOptions,
  MAX_PAYLOAD_BYTES,
  type RequestLogEntry,
  startLocalServer,
} from './server.js';
export { DEFAULT_TABLE_NAMES, type TableNames } from './storage.js';
