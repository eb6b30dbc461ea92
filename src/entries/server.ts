/**
 * `microcred/server`: an issuing and verifying HTTP service on the W3C VC-API.
 *
 * @packageDocumentation
 * @module microcred/server
 */
export { createVcApiServer, type VcApiServer, type VcApiServerOptions } from '../server/server.js'
export {
  createBearerToken,
  hashBearerToken,
  type BearerToken,
  type JwksDocument,
  type OAuthOptions,
  type Principal,
} from '../server/auth.js'
export { PROBLEM_TYPE_BASE, type Problem } from '../server/problems.js'
export type { StatusChange, ServicePurpose } from '../server/status.js'
