/**
 * The service's own dependencies: Fastify and three of its plugins. They are optional peer dependencies of the
 * package, so that `npm install microcred` gives a library user the library alone (about 58 fewer packages and
 * 11 MiB). They are loaded when a service is created; when one is missing, the error names every package to install.
 */
import type * as FastifyModule from 'fastify'
import type * as MultipartModule from '@fastify/multipart'
import type * as RateLimitModule from '@fastify/rate-limit'
import type * as SwaggerModule from '@fastify/swagger'
import { MicrocredError } from '../errors.js'

/**
 * The packages `microcred/server` loads, with the version ranges it is tested with. The same ranges are the
 * package's `peerDependencies` (a test holds the two together).
 */
export const SERVER_PACKAGES = {
  fastify: '^5.12.8',
  '@fastify/multipart': '^10.1.9',
  '@fastify/rate-limit': '^11.2.0',
  '@fastify/swagger': '^9.9.3',
} as const

/** The loaded modules, as the service uses them. */
export interface ServerModules {
  Fastify: typeof FastifyModule.default
  multipart: typeof MultipartModule.default
  rateLimit: typeof RateLimitModule.default
  swagger: typeof SwaggerModule.default
}

/**
 * True for Node's "cannot find package `name`" error (ESM and CommonJS spell it differently), and only for that
 * package: a package missing deep inside Fastify's own dependencies is a broken install, reported as it is.
 */
export function isPackageNotFound(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`))
}

/** Imports one package; `undefined` when it is not installed (any other failure is thrown as it is). */
async function tryImport<T>(name: keyof typeof SERVER_PACKAGES, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load()
  } catch (error) {
    if (isPackageNotFound(error, name)) return undefined
    throw error
  }
}

let loaded: Promise<ServerModules> | undefined

/**
 * Loads Fastify and the plugins the service registers, once per process.
 *
 * @throws MicrocredError `ERR_DEPENDENCY_MISSING` when any of them is not installed; the message is the `npm install`
 *   line that adds every missing one.
 */
export function loadServerModules(): Promise<ServerModules> {
  loaded ??= (async () => {
    // Each is a literal import() so bundlers and the CommonJS build see the package name.
    const [fastify, multipart, rateLimit, swagger] = await Promise.all([
      tryImport('fastify', () => import('fastify')),
      tryImport('@fastify/multipart', () => import('@fastify/multipart')),
      tryImport('@fastify/rate-limit', () => import('@fastify/rate-limit')),
      tryImport('@fastify/swagger', () => import('@fastify/swagger')),
    ])
    if (fastify === undefined || multipart === undefined || rateLimit === undefined || swagger === undefined) {
      const found = {
        fastify,
        '@fastify/multipart': multipart,
        '@fastify/rate-limit': rateLimit,
        '@fastify/swagger': swagger,
      }
      const missing = Object.entries(SERVER_PACKAGES)
        .filter(([name]) => found[name as keyof typeof found] === undefined)
        .map(([name, range]) => `${name}@${range}`)
      throw new MicrocredError(
        'ERR_DEPENDENCY_MISSING',
        `microcred/server needs packages that are not installed: run npm install ${missing.join(' ')}`,
      )
    }
    return {
      Fastify: fastify.default,
      multipart: multipart.default,
      rateLimit: rateLimit.default,
      swagger: swagger.default,
    }
  })()
  // A failed load is not cached: installing the packages and trying again works without a restart.
  loaded.catch(() => {
    loaded = undefined
  })
  return loaded
}
