/** The service's optional peer dependencies: what the loader asks for is what package.json declares. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isPackageNotFound, loadServerModules, SERVER_PACKAGES } from '../../src/server/modules.js'
import { ROOT } from '../helpers/files.js'

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
  devDependencies: Record<string, string>
}

describe('microcred/server dependencies', () => {
  it('are optional peer dependencies with the ranges the loader names, and not dependencies', () => {
    expect(manifest.peerDependencies).toEqual(SERVER_PACKAGES)
    for (const name of Object.keys(SERVER_PACKAGES)) {
      expect(manifest.peerDependenciesMeta[name], name).toEqual({ optional: true })
      expect(manifest.dependencies[name], name).toBeUndefined()
      // The repository's own tests need them.
      expect(manifest.devDependencies[name], name).toBe(SERVER_PACKAGES[name as keyof typeof SERVER_PACKAGES])
    }
  })

  it('load once per process when installed', async () => {
    const first = loadServerModules()
    expect(loadServerModules()).toBe(first)
    const modules = await first
    expect(typeof modules.Fastify).toBe('function')
    expect(typeof modules.multipart).toBe('function')
    expect(typeof modules.rateLimit).toBe('function')
    expect(typeof modules.swagger).toBe('function')
  })

  it('count as missing only when the package itself is not found, not a module missing inside it', () => {
    const notFound = (code: string, message: string) => Object.assign(new Error(message), { code })
    // What Node says for import() (ESM) and require() (CommonJS) of a package that is not installed.
    expect(
      isPackageNotFound(
        notFound('ERR_MODULE_NOT_FOUND', "Cannot find package 'fastify' imported from /app/x.js"),
        'fastify',
      ),
    ).toBe(true)
    expect(
      isPackageNotFound(
        notFound('MODULE_NOT_FOUND', "Cannot find module '@fastify/swagger'\nRequire stack:\n- /app/x.cjs"),
        '@fastify/swagger',
      ),
    ).toBe(true)
    // A broken install: Fastify is there, one of its own dependencies is not.
    expect(
      isPackageNotFound(
        notFound(
          'ERR_MODULE_NOT_FOUND',
          "Cannot find package 'avvio' imported from /app/node_modules/fastify/fastify.js",
        ),
        'fastify',
      ),
    ).toBe(false)
    expect(
      isPackageNotFound(
        notFound('ERR_MODULE_NOT_FOUND', "Cannot find package '@fastify/swagger-ui' imported from /app/x.js"),
        '@fastify/swagger',
      ),
    ).toBe(false)
    expect(isPackageNotFound(new SyntaxError("Unexpected token in 'fastify'"), 'fastify')).toBe(false)
  })
})
