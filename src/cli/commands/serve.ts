/** `microcred serve`: the VC-API issuing and verifying service; `microcred token`: a bearer token for it. */
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { FileStatusListStore } from '../../status/file-store.js'
import { createBearerToken, type BearerToken, type OAuthOptions } from '../../server/auth.js'
import { createVcApiServer } from '../../server/server.js'
import { isJsonObject } from '../../util/json.js'
import { collect, loadKey, readContexts, readJsonObject, UsageError, writeOutput } from '../io.js'

interface ServeOptions {
  key: string
  port: string
  host: string
  publicUrl?: string
  tlsCert?: string
  tlsKey?: string
  statusStore?: string
  tokens?: string
  oauthJwks?: string
  oauthIssuer?: string
  oauthAudience?: string
  oauthScope?: string
  insecureNoAuth?: boolean
  rateLimit: string
  threads?: string
  strict?: boolean
  context: string[]
  quiet?: boolean
}

async function readTokens(file: string): Promise<BearerToken[]> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    throw new UsageError(
      `${file}: not a tokens file (a JSON array of { "name", "sha256" }); make one with \`microcred token\``,
    )
  }
  if (
    !Array.isArray(parsed) ||
    !parsed.every(
      (entry) =>
        isJsonObject(entry) &&
        typeof entry['name'] === 'string' &&
        typeof entry['sha256'] === 'string' &&
        /^[0-9a-f]{64}$/i.test(entry['sha256']),
    )
  ) {
    throw new UsageError(
      `${file}: every entry must be { "name": ..., "sha256": <64 hex digits> }; make one with \`microcred token\``,
    )
  }
  return parsed as BearerToken[]
}

async function readOAuth(options: ServeOptions): Promise<OAuthOptions | undefined> {
  if (options.oauthJwks === undefined) return undefined
  if (options.oauthIssuer === undefined || options.oauthAudience === undefined)
    throw new UsageError('--oauth-jwks needs --oauth-issuer and --oauth-audience')
  const jwks = await readJsonObject(options.oauthJwks, 'a JWKS')
  if (!Array.isArray(jwks['keys'])) throw new UsageError(`${options.oauthJwks}: not a JWKS (no "keys" array)`)
  return {
    jwks: jwks as unknown as OAuthOptions['jwks'],
    issuer: options.oauthIssuer,
    audience: options.oauthAudience,
    ...(options.oauthScope === undefined ? {} : { scope: options.oauthScope }),
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the W3C VC-API issuing and verifying service (issue and status need a token; verify is public)')
    .requiredOption('-k, --key <file>', "the issuer's secret key file (from `microcred keygen`)")
    .option('-p, --port <port>', 'port to listen on', '8443')
    .option('--host <host>', 'address to listen on (0.0.0.0 for all)', '127.0.0.1')
    .option(
      '--public-url <url>',
      'the https URL clients reach the service at (default with TLS on a fixed port and a named host: https://<host>:<port>)',
    )
    .option('--tls-cert <file>', 'serve https with this certificate (PEM)')
    .option('--tls-key <file>', 'and this private key (PEM)')
    .option(
      '--status-store <folder>',
      'keep the status lists and the issued-credential index in this folder (without it, no status entries are issued)',
    )
    .option('--tokens <file>', 'bearer tokens file (JSON array of { name, sha256 }; add one with `microcred token`)')
    .option('--oauth-jwks <file>', 'accept OAuth2 access tokens signed by a key of this JWKS (JSON)')
    .option('--oauth-issuer <iss>', 'expected "iss" of OAuth2 access tokens')
    .option('--oauth-audience <aud>', 'expected "aud" of OAuth2 access tokens')
    .option('--oauth-scope <scope>', 'a scope OAuth2 access tokens must carry')
    .option('--insecure-no-auth', 'no authorization at all (only on 127.0.0.1 / ::1)')
    .option('--rate-limit <n>', 'verify requests per minute per client address', '300')
    .option('--threads <n>', "worker threads verifying and issuing (default 2 to 4 by the machine's cores)")
    .option('--strict', 'verify under the strict policy: every warning fails, whatever a request asks')
    .option(
      '--context <url>=<file>',
      'trust an extra JSON-LD context for issuing and verifying: its URL and a file holding its document (repeatable)',
      collect,
      [],
    )
    .option('-q, --quiet', 'no request logs')
    .addHelpText(
      'after',
      '\nExample:\n  microcred keygen --out issuer.json\n  microcred token --name lms --tokens tokens.json      # prints the token once\n  microcred serve --key issuer.json --tokens tokens.json --public-url https://issuer.example --status-store ./status\n\nStops gracefully (in-flight requests finish) on SIGINT or SIGTERM.',
    )
    .action(async (options: ServeOptions) => {
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port ${options.port} is not a port number`)
      const rate = Number(options.rateLimit)
      if (!Number.isInteger(rate) || rate < 1)
        throw new UsageError(`--rate-limit ${options.rateLimit} is not a positive whole number`)
      const threads = options.threads === undefined ? undefined : Number(options.threads)
      if (threads !== undefined && (!Number.isInteger(threads) || threads < 1))
        throw new UsageError(`--threads ${options.threads} is not a positive whole number`)
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
        throw new UsageError('give both --tls-cert and --tls-key, or neither')
      // Credentials carry status list URLs under the public URL: it must be one verifiers elsewhere can reach.
      const everywhere = options.host === '0.0.0.0' || options.host === '::'
      // A trial on one machine (loopback, no TLS, a fixed port) needs no invented URL: its own http address is one.
      const loopback = options.host === '127.0.0.1' || options.host === 'localhost' || options.host === '::1'
      const local =
        loopback && options.tlsCert === undefined && port !== 0
          ? `http://${options.host === '::1' ? '[::1]' : options.host}:${port}`
          : undefined
      const publicUrl =
        options.publicUrl ??
        (options.tlsCert === undefined || port === 0 || everywhere ? local : `https://${options.host}:${port}`)
      if (publicUrl === undefined)
        throw new UsageError(
          'give --public-url (the https URL clients reach the service at; on 127.0.0.1 with a fixed --port it defaults to http://127.0.0.1:<port>)',
        )
      const keyPair = await loadKey(options.key)
      const tokens = options.tokens === undefined ? [] : await readTokens(options.tokens)
      const oauth = await readOAuth(options)
      const extra = await readContexts(options.context)
      if (tokens.length === 0 && oauth === undefined && options.insecureNoAuth !== true) {
        throw new UsageError(
          'give --tokens and/or --oauth-jwks (anyone reaching an open issue endpoint could mint credentials in your name), or --insecure-no-auth on 127.0.0.1',
        )
      }
      if (options.statusStore !== undefined) await mkdir(options.statusStore, { recursive: true })
      let server
      try {
        server = await createVcApiServer({
          keyPair,
          publicUrl,
          ...(tokens.length === 0 && oauth === undefined
            ? {}
            : { auth: { tokens, ...(oauth === undefined ? {} : { oauth }) } }),
          ...(options.insecureNoAuth === true ? { allowUnauthenticated: true } : {}),
          ...(options.statusStore === undefined
            ? {}
            : {
                statusStore: new FileStatusListStore(options.statusStore),
                statusIndexFile: join(options.statusStore, 'issued.jsonl'),
              }),
          ...(options.tlsCert === undefined || options.tlsKey === undefined
            ? {}
            : { https: { cert: await readFile(options.tlsCert), key: await readFile(options.tlsKey) } }),
          rateLimit: { max: rate },
          ...(threads === undefined ? {} : { threads }),
          ...(options.strict === true ? { policy: 'strict' as const } : {}),
          ...(extra === undefined ? {} : { contexts: extra.contexts }),
          logger: options.quiet !== true,
          logDestination: { write: (line) => void process.stdout.write(line) },
        })
      } catch (error) {
        if (error instanceof TypeError)
          throw new UsageError(error.message.replace(/^createVcApiServer\(options\): /, ''))
        throw error
      }
      let url: string
      try {
        url = await server.listen({ port, host: options.host })
      } catch (error) {
        if (error instanceof TypeError) throw new UsageError(error.message.replace(/^VcApiServer\.listen\(\): /, ''))
        const code = (error as NodeJS.ErrnoException).code
        throw new UsageError(`cannot listen on ${options.host}:${port} (${code ?? (error as Error).message})`)
      }
      process.stderr.write(
        `microcred: serving the VC-API at ${url} (public URL ${publicUrl}) as ${keyPair.controller}\n`,
      )
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('microcred: shutting down (finishing in-flight requests)\n')
          void server.close().then(resolve)
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
    })

  program
    .command('token')
    .description(
      'make a bearer token for `microcred serve`: prints it once; only its SHA-256 goes into the tokens file',
    )
    .requiredOption('-n, --name <name>', 'who holds it, for the logs (e.g. lms-production)')
    .requiredOption('-t, --tokens <file>', 'the tokens file to add it to (created if missing, mode 0600)')
    .action(async (options: { name: string; tokens: string }) => {
      const existing = existsSync(options.tokens) ? await readTokens(options.tokens) : []
      if (existing.some((entry) => entry.name === options.name))
        throw new UsageError(`${options.tokens} already has a token named ${options.name}`)
      const { token, entry } = createBearerToken(options.name)
      await writeOutput(options.tokens, `${JSON.stringify([...existing, entry], null, 2)}\n`, {
        force: true,
        mode: 0o600,
      })
      process.stdout.write(`${token}\n`)
      process.stderr.write(`added ${options.name} to ${options.tokens}; the token above is shown once\n`)
    })
}
