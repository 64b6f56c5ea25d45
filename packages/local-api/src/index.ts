export { type CliIo, formatRequestLine, runCli } from './cli/cli.js';
export { DEFAULT_CLAIMS_CACHE_SIZE } from './gateway/cognito-authorizer-emulator.js';
export { GATEWAY_RESPONSES, type GatewayResponse } from './gateway/gateway-responses.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  ListenError,
  type LocalServer,
  type LocalServerOptions,
  MAX_PAYLOAD_BYTES,
  type RequestLogEntry,
  startLocalServer,
} from './gateway/server.js';
export { DEFAULT_POLICY_CACHE_SIZE } from './gateway/token-authorizer-emulator.js';
export {
  createLocalIdentity,
  type IssuedToken,
  type Jwks,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  LOCAL_USER_POOL_ID,
  type LocalIdentity,
  subjectForEmail,
} from './identity/identity.js';
export { DEFAULT_TABLE_NAMES, type TableNames } from './storage/local-storage.js';
