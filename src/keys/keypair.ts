/**
 * Key pairs: generate, import and export. Ed25519 (Data Integrity proofs and EdDSA VC-JWTs), P-256 (ES256
 * VC-JWTs) and RSA (RS256 VC-JWTs, the one algorithm OB 3.0 requires every JWT verifier to support).
 * Multibase encoding is done by `@digitalbazaar/ed25519-multikey` and `@digitalbazaar/ecdsa-multikey`;
 * signing uses Node `KeyObject`s created once per key pair.
 *
 * The secret key is never a property of the key pair object: it lives in a module-private map, so logging or
 * serialising a key pair cannot leak it. Only `exportKeyPair(keyPair, { secret: true })` returns it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { MicrocredError } from '../errors.js'
import { MULTIKEY_V1_CONTEXT } from '../context/urls.js'
import { assertOptions, isJsonObject } from '../util/json.js'

/** Signature algorithms of microcred key pairs: `Ed25519` (EdDSA), `ES256` (P-256) and `RS256` (RSA). */
export type KeyAlgorithm = 'Ed25519' | 'ES256' | 'RS256'

interface KeyPairCommon {
  /** Verification method id, e.g. `did:key:z6Mk...#z6Mk...` or `did:web:uni.example#key-1`. */
  readonly id: string
  /** Who controls the key: the issuer's DID or URL. */
  readonly controller: string
  /** Whether this key pair holds its secret key (it was not imported from a public key alone). */
  readonly canSign: boolean
}

/** An Ed25519 key pair: what `issue()` signs Data Integrity proofs with. */
export interface Ed25519KeyPair extends KeyPairCommon {
  readonly type: 'Multikey'
  readonly algorithm: 'Ed25519'
  /** The public key, multibase (`z6Mk...`). */
  readonly publicKeyMultibase: string
}

/** A P-256 (secp256r1) key pair, for ES256 VC-JWTs. */
export interface P256KeyPair extends KeyPairCommon {
  readonly type: 'Multikey'
  readonly algorithm: 'ES256'
  /** The public key, multibase (`zDn...`). */
  readonly publicKeyMultibase: string
}

/** An RSA key pair (2048 bits or more), for RS256 VC-JWTs. */
export interface RsaKeyPair extends KeyPairCommon {
  readonly type: 'JsonWebKey'
  readonly algorithm: 'RS256'
}

/** Any microcred key pair. */
export type KeyPair = Ed25519KeyPair | P256KeyPair | RsaKeyPair

/** A key pair exported as a Multikey verification method (Ed25519 and P-256). */
export interface MultikeyDocument {
  '@context'?: string
  type: 'Multikey'
  id: string
  controller: string
  publicKeyMultibase: string
  /** Present only when exported with `{ secret: true }`. */
  secretKeyMultibase?: string
}

/** An Ed25519 key as a JSON Web Key (RFC 8037). */
export interface Ed25519Jwk {
  kty: 'OKP'
  crv: 'Ed25519'
  /** Public key, base64url. */
  x: string
  /** Secret key (32-byte seed), base64url; present only when exported with `{ secret: true }`. */
  d?: string
  /** Key id: the verification method id. */
  kid?: string
  alg?: 'EdDSA'
}

/** A public or private JSON Web Key of any supported kind (OKP Ed25519, EC P-256, RSA). */
export interface KeyJwk {
  kty: string
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  d?: string
  p?: string
  q?: string
  dp?: string
  dq?: string
  qi?: string
  kid?: string
  alg?: string
  [member: string]: unknown
}

/** What `exportKeyPair()` returns. */
export type ExportedKeyPair = MultikeyDocument | Ed25519Jwk | KeyJwk

/**
 * What `importKeyPair()` takes: a JWK, or a Multikey whose `type`, `id` and `controller` may be absent (a bare
 * key defaults to its own `did:key`).
 */
export type KeyPairInput = Ed25519Jwk | KeyJwk | MultikeyInput

/** A Multikey as `importKeyPair()` takes it: `type`, `id` and `controller` may be absent. */
export type MultikeyInput = Omit<MultikeyDocument, 'type' | 'id' | 'controller'> & {
  type?: 'Multikey'
  id?: string
  controller?: string
}

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** `'Ed25519'` (default), `'ES256'` (P-256) or `'RS256'` (RSA 2048). */
  algorithm?: KeyAlgorithm
  /**
   * The issuer that controls the key, e.g. `did:web:uni.example` or `https://uni.example/issuer`. Default: a
   * self-describing DID made from the key itself (`did:key` for Ed25519 and P-256, `did:jwk` for RSA), so
   * credentials verify offline.
   */
  controller?: string
  /** Verification method id. Default `<controller>#<publicKeyMultibase>` (`#0` for did:jwk, the JWK thumbprint for other RSA controllers). */
  id?: string
  /** 32-byte seed, for reproducible Ed25519 keys in tests. Default: random. */
  seed?: Uint8Array
}

/** Options of {@link importKeyPair}, for formats that do not carry them (a JWK has no controller). */
export interface ImportKeyPairOptions {
  controller?: string
  id?: string
}

/** Options of {@link exportKeyPair}. */
export interface ExportKeyPairOptions {
  /** Include the secret key. Default `false`. Treat the result as a secret. */
  secret?: boolean
  /** `'multikey'` (default for Ed25519 and P-256) or `'jwk'` (default, and the only form, for RSA). */
  format?: 'multikey' | 'jwk'
}

interface KeyMaterial {
  /** Public JWK (no private members). */
  publicJwk: KeyJwk
  /** Private JWK (public members plus `d`...), when the secret is held. */
  privateJwk?: KeyJwk
  /** Multikey secret (Ed25519, P-256), when the secret is held. */
  secretKeyMultibase?: string
  privateKeyObject?: KeyObject
}

const material = new WeakMap<KeyPair, KeyMaterial>()
const JOSE_ALG: Readonly<Record<KeyAlgorithm, string>> = { Ed25519: 'EdDSA', ES256: 'ES256', RS256: 'RS256' }
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

const invalidKey = (message: string, cause?: unknown): MicrocredError =>
  new MicrocredError('ERR_KEY_INVALID', message, cause === undefined ? {} : { cause })

/** @internal The private key object of a key pair, for signers. */
export function privateKeyObjectOf(keyPair: KeyPair): KeyObject | undefined {
  return material.get(keyPair)?.privateKeyObject
}

/** @internal The public JWK of a key pair (for JWT headers and key comparisons). */
export function publicJwkOf(keyPair: KeyPair): KeyJwk {
  const keys = material.get(keyPair)
  if (keys === undefined) throw new TypeError('not a key pair made by microcred (use generateKeyPair or importKeyPair)')
  return { ...keys.publicJwk }
}

/** @internal The raw 32-byte public key of an Ed25519 key pair. */
export function publicKeyOf(keyPair: KeyPair): Uint8Array {
  const jwk = publicJwkOf(keyPair)
  if (jwk.kty !== 'OKP' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 key pair')
  return Buffer.from(jwk.x, 'base64url')
}

/** The JOSE `alg` of a key pair's algorithm (`EdDSA`, `ES256`, `RS256`). */
export function joseAlgorithm(algorithm: KeyAlgorithm): string {
  return JOSE_ALG[algorithm]
}

/** True for key pairs made by `generateKeyPair()` / `importKeyPair()`. */
export function isKeyPair(value: unknown): value is KeyPair {
  return typeof value === 'object' && value !== null && material.has(value as KeyPair)
}

/** Only the public members of a JWK. */
export function publicPartOf(jwk: KeyJwk): KeyJwk {
  const { kty, crv, x, y, n, e } = jwk
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as KeyJwk
}

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/

function assignIds(
  publicJwk: KeyJwk,
  multibase: string | undefined,
  controller: string | undefined,
  id: string | undefined,
): { id: string; controller: string } {
  const selfDid =
    multibase !== undefined
      ? `did:key:${multibase}`
      : `did:jwk:${Buffer.from(JSON.stringify(publicPartOf(publicJwk))).toString('base64url')}`
  const owner = controller ?? (id?.includes('#') === true ? id.slice(0, id.indexOf('#')) : selfDid)
  if (owner.startsWith('did:key:') && owner !== selfDid) {
    throw invalidKey(
      `the controller ${owner} is a did:key of another key (this key is ${multibase === undefined ? 'not expressible as a did:key' : selfDid})`,
    )
  }
  if (owner.startsWith('did:jwk:') && owner !== selfDid)
    throw invalidKey(`the controller ${owner} is a did:jwk of another key`)
  const fragment = owner.startsWith('did:jwk:') ? '0' : (multibase ?? thumbprintOf(publicJwk))
  const keyId = id ?? `${owner}#${fragment}`
  if (!ABSOLUTE_URI.test(owner) || !ABSOLUTE_URI.test(keyId)) {
    throw invalidKey(
      `the key id ${JSON.stringify(keyId)} and controller ${JSON.stringify(owner)} must be absolute URIs`,
    )
  }
  return { id: keyId, controller: owner }
}

/** RFC 7638 JWK thumbprint (SHA-256 of the required members in lexicographic order, base64url). */
export function thumbprintOf(jwk: KeyJwk): string {
  const required: Record<string, string[]> = {
    OKP: ['crv', 'kty', 'x'],
    EC: ['crv', 'kty', 'x', 'y'],
    RSA: ['e', 'kty', 'n'],
  }
  const members = required[jwk.kty]
  if (members === undefined) throw invalidKey(`cannot take the thumbprint of a ${JSON.stringify(jwk.kty)} key`)
  const canonical = `{${members.map((m) => `"${m}":${JSON.stringify(jwk[m])}`).join(',')}}`
  return createHash('sha256').update(canonical).digest('base64url')
}

function makeKeyPair(
  algorithm: KeyAlgorithm,
  ids: { id: string; controller: string },
  multibase: string | undefined,
  keys: KeyMaterial,
): KeyPair {
  if (keys.privateJwk !== undefined) {
    try {
      keys.privateKeyObject = createPrivateKey({ key: keys.privateJwk as JsonWebKey, format: 'jwk' })
    } catch (error) {
      throw invalidKey(`the secret key is not a valid ${algorithm} key`, error)
    }
    // The secret must belong to the public key; a mismatched pair would sign unverifiable proofs.
    const derived = publicPartOf(createPublicKey(keys.privateKeyObject).export({ format: 'jwk' }) as KeyJwk)
    if (JSON.stringify(derived) !== JSON.stringify(publicPartOf(keys.publicJwk))) {
      throw invalidKey('the secret key does not belong to the public key')
    }
  }
  const common = { id: ids.id, controller: ids.controller, canSign: keys.privateJwk !== undefined }
  const keyPair: KeyPair = Object.freeze(
    algorithm === 'RS256'
      ? { type: 'JsonWebKey' as const, algorithm, ...common }
      : { type: 'Multikey' as const, algorithm, ...common, publicKeyMultibase: multibase! },
  ) as KeyPair
  material.set(keyPair, keys)
  return keyPair
}

/** Ed25519 material from the multikey library's key pair, checking the public key it decoded. */
async function ed25519Material(
  key: Awaited<ReturnType<typeof Ed25519Multikey.from>>,
  expectedMultibase: string,
): Promise<KeyMaterial> {
  const raw = await key.export({ raw: true, canonicalize: true })
  const reencoded = (await key.export({ publicKey: true, includeContext: false })).publicKeyMultibase
  // The library decodes a multibase without checking its multicodec header or length.
  if (raw.publicKey.length !== 32 || reencoded !== expectedMultibase) {
    throw invalidKey(
      `${JSON.stringify(expectedMultibase)} is not an Ed25519 public key (multicodec 0xed01 with 32 key bytes, "z6Mk...")`,
    )
  }
  const x = Buffer.from(raw.publicKey).toString('base64url')
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
  const publicJwk: KeyJwk = { kty: 'OKP', crv: 'Ed25519', x }
  if (raw.secretKey === undefined) return { publicJwk }
  const exported = await key.export({ publicKey: true, secretKey: true, includeContext: false, canonicalize: true })
  return {
    publicJwk,
    privateJwk: { ...publicJwk, d: Buffer.from(raw.secretKey).toString('base64url') },
    ...(exported.secretKeyMultibase === undefined ? {} : { secretKeyMultibase: exported.secretKeyMultibase }),
  }
}

/** P-256 material from a JWK (public, or private with `d`). */
async function p256Material(jwk: KeyJwk): Promise<{ keys: KeyMaterial; multibase: string }> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string')
    throw invalidKey('not a P-256 JWK')
  const publicJwk: KeyJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
  createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' })
  const hasSecret = typeof jwk.d === 'string'
  const key = await EcdsaMultikey.fromJwk({
    jwk: { ...publicJwk, ...(hasSecret ? { d: jwk.d } : {}) },
    secretKey: hasSecret,
  })
  const exported = await key.export({ publicKey: true, secretKey: hasSecret, includeContext: false })
  return {
    multibase: exported.publicKeyMultibase,
    keys: {
      publicJwk,
      ...(hasSecret
        ? {
            privateJwk: { ...publicJwk, d: jwk.d as string },
            ...(exported.secretKeyMultibase === undefined ? {} : { secretKeyMultibase: exported.secretKeyMultibase }),
          }
        : {}),
    },
  }
}

/** RSA material from a JWK (public, or private with its CRT members). */
function rsaMaterial(jwk: KeyJwk): KeyMaterial {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw invalidKey('not an RSA JWK')
  const bits = Buffer.from(jwk.n, 'base64url').length * 8
  if (bits < 2048) throw invalidKey(`RSA keys must have at least 2048 bits, this one has ${bits}`)
  const publicJwk: KeyJwk = { kty: 'RSA', n: jwk.n, e: jwk.e }
  createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' })
  if (typeof jwk.d !== 'string') return { publicJwk }
  const privateJwk: KeyJwk = { ...publicJwk }
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
    if (typeof jwk[member] === 'string') privateJwk[member] = jwk[member]
  return { publicJwk, privateJwk }
}

/**
 * Generates a key pair. Without options: Ed25519, controlled by its own `did:key`, so credentials signed with
 * it verify offline. Pass `controller` to bind it to an issuer you host (`did:web:...` or an https URL) and
 * publish the matching document (`didWebDocument()`); pass `algorithm: 'ES256' | 'RS256'` for VC-JWTs.
 *
 * @example
 * ```ts
 * const keyPair = await generateKeyPair()
 * keyPair.controller // 'did:key:z6Mk...' — use it as the credential's issuer id
 *
 * const hosted = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * const rsa = await generateKeyPair({ algorithm: 'RS256', controller: 'https://uni.example/issuer' })
 * ```
 */
export async function generateKeyPair(
  options?: GenerateKeyPairOptions & { algorithm?: 'Ed25519' },
): Promise<Ed25519KeyPair>
export async function generateKeyPair(options: GenerateKeyPairOptions & { algorithm: 'ES256' }): Promise<P256KeyPair>
export async function generateKeyPair(options: GenerateKeyPairOptions & { algorithm: 'RS256' }): Promise<RsaKeyPair>
export async function generateKeyPair(options?: GenerateKeyPairOptions): Promise<KeyPair>
export async function generateKeyPair(options: GenerateKeyPairOptions = {}): Promise<KeyPair> {
  assertOptions(options, 'generateKeyPair(options)')
  const algorithm = options.algorithm ?? 'Ed25519'
  if (!(algorithm in JOSE_ALG))
    throw new TypeError(
      `generateKeyPair(options): algorithm must be 'Ed25519', 'ES256' or 'RS256', not ${JSON.stringify(algorithm)}`,
    )
  if (options.seed !== undefined) {
    if (algorithm !== 'Ed25519')
      throw new TypeError('generateKeyPair(options): a seed is only supported for Ed25519 keys')
    if (!(options.seed instanceof Uint8Array) || options.seed.length !== 32)
      throw new TypeError('generateKeyPair(options): seed must be a 32-byte Uint8Array')
  }
  if (algorithm === 'Ed25519') {
    const generated = await Ed25519Multikey.generate(options.seed === undefined ? {} : { seed: options.seed })
    const keys = await ed25519Material(generated, generated.publicKeyMultibase)
    return makeKeyPair(
      algorithm,
      assignIds(keys.publicJwk, generated.publicKeyMultibase, options.controller, options.id),
      generated.publicKeyMultibase,
      keys,
    )
  }
  if (algorithm === 'ES256') {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const { keys, multibase } = await p256Material(privateKey.export({ format: 'jwk' }) as KeyJwk)
    return makeKeyPair(algorithm, assignIds(keys.publicJwk, multibase, options.controller, options.id), multibase, keys)
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const keys = rsaMaterial(privateKey.export({ format: 'jwk' }) as KeyJwk)
  return makeKeyPair(algorithm, assignIds(keys.publicJwk, undefined, options.controller, options.id), undefined, keys)
}

/**
 * Imports a key pair exported by {@link exportKeyPair}, or any Ed25519 / P-256 Multikey or Ed25519 / P-256 /
 * RSA JWK. A public key alone gives a key pair that cannot sign.
 *
 * @throws MicrocredError `ERR_KEY_INVALID` when the key is malformed, of an unsupported kind, or its secret does
 *   not match its public key.
 * @example
 * ```ts
 * const keyPair = await importKeyPair(JSON.parse(await readFile('issuer-key.json', 'utf8')))
 * const fromJwk = await importKeyPair(jwk, { controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * ```
 */
export async function importKeyPair(exported: Ed25519Jwk, options?: ImportKeyPairOptions): Promise<Ed25519KeyPair>
export async function importKeyPair(
  exported: MultikeyInput,
  options?: ImportKeyPairOptions,
): Promise<Ed25519KeyPair | P256KeyPair>
export async function importKeyPair(exported: KeyPairInput, options?: ImportKeyPairOptions): Promise<KeyPair>
export async function importKeyPair(exported: KeyPairInput, options: ImportKeyPairOptions = {}): Promise<KeyPair> {
  if (!isJsonObject(exported)) throw new TypeError('importKeyPair(exported): exported must be a Multikey or JWK object')
  assertOptions(options, 'importKeyPair(exported, options)')
  try {
    if ('kty' in exported) {
      const jwk = exported as KeyJwk
      const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined
      if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
        const imported = await Ed25519Multikey.fromJwk({ jwk, secretKey: typeof jwk.d === 'string' })
        const keys = await ed25519Material(imported, imported.publicKeyMultibase)
        return makeKeyPair(
          'Ed25519',
          assignIds(keys.publicJwk, imported.publicKeyMultibase, options.controller, options.id ?? kid),
          imported.publicKeyMultibase,
          keys,
        )
      }
      if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
        const { keys, multibase } = await p256Material(jwk)
        return makeKeyPair(
          'ES256',
          assignIds(keys.publicJwk, multibase, options.controller, options.id ?? kid),
          multibase,
          keys,
        )
      }
      if (jwk.kty === 'RSA') {
        const keys = rsaMaterial(jwk)
        return makeKeyPair(
          'RS256',
          assignIds(keys.publicJwk, undefined, options.controller, options.id ?? kid),
          undefined,
          keys,
        )
      }
      throw invalidKey(
        `unsupported JWK: kty ${JSON.stringify(jwk.kty)}${jwk.crv === undefined ? '' : ` crv ${JSON.stringify(jwk.crv)}`} (supported: OKP Ed25519, EC P-256, RSA)`,
      )
    }
    const doc = exported as Partial<MultikeyDocument>
    if ((doc.type !== undefined && doc.type !== 'Multikey') || typeof doc.publicKeyMultibase !== 'string') {
      throw invalidKey('expected a Multikey ({ type: "Multikey", publicKeyMultibase, ... }) or a JWK')
    }
    const controller = options.controller ?? doc.controller
    const id = options.id ?? doc.id
    if (doc.publicKeyMultibase.startsWith('zDn')) {
      const key = await EcdsaMultikey.from({
        type: 'Multikey',
        publicKeyMultibase: doc.publicKeyMultibase,
        ...(typeof doc.secretKeyMultibase === 'string' ? { secretKeyMultibase: doc.secretKeyMultibase } : {}),
      })
      const jwk = (await EcdsaMultikey.toJwk({
        keyPair: key,
        secretKey: typeof doc.secretKeyMultibase === 'string',
      })) as KeyJwk
      const { keys, multibase } = await p256Material(jwk)
      if (multibase !== doc.publicKeyMultibase)
        throw invalidKey(`${JSON.stringify(doc.publicKeyMultibase)} is not a P-256 public key`)
      return makeKeyPair('ES256', assignIds(keys.publicJwk, multibase, controller, id), multibase, keys)
    }
    const imported = await Ed25519Multikey.from({
      type: 'Multikey',
      publicKeyMultibase: doc.publicKeyMultibase,
      ...(typeof doc.secretKeyMultibase === 'string' ? { secretKeyMultibase: doc.secretKeyMultibase } : {}),
    })
    const keys = await ed25519Material(imported, doc.publicKeyMultibase)
    return makeKeyPair(
      'Ed25519',
      assignIds(keys.publicJwk, doc.publicKeyMultibase, controller, id),
      doc.publicKeyMultibase,
      keys,
    )
  } catch (error) {
    if (error instanceof MicrocredError) throw error
    // The underlying message describes the key format, never the key material.
    throw invalidKey(`not a valid key: ${(error as Error).message}`, error)
  }
}

/**
 * Exports a key pair as a Multikey document (default for Ed25519 and P-256) or a JWK (RSA, or on request). The
 * secret key is included only with `{ secret: true }`; store that output like a password.
 *
 * @example
 * ```ts
 * const publicDoc = exportKeyPair(keyPair)                  // safe to publish in a DID document
 * const backup = exportKeyPair(keyPair, { secret: true })   // keep secret; importKeyPair(backup) restores it
 * const jwk = exportKeyPair(keyPair, { format: 'jwk' })
 * ```
 */
export function exportKeyPair(keyPair: Ed25519KeyPair, options: { secret?: boolean; format: 'jwk' }): Ed25519Jwk
export function exportKeyPair(keyPair: KeyPair, options: { secret?: boolean; format: 'jwk' }): KeyJwk
export function exportKeyPair(
  keyPair: Ed25519KeyPair | P256KeyPair,
  options?: { secret?: boolean; format?: 'multikey' },
): MultikeyDocument
export function exportKeyPair(keyPair: KeyPair, options?: ExportKeyPairOptions): ExportedKeyPair
export function exportKeyPair(keyPair: KeyPair, options: ExportKeyPairOptions = {}): ExportedKeyPair {
  const keys = material.get(keyPair)
  if (keys === undefined)
    throw new TypeError('exportKeyPair(keyPair): not a key pair made by generateKeyPair() or importKeyPair()')
  assertOptions(options, 'exportKeyPair(keyPair, options)')
  const { secret = false } = options
  const format = options.format ?? (keyPair.algorithm === 'RS256' ? 'jwk' : 'multikey')
  if (secret && keys.privateJwk === undefined) {
    throw invalidKey('this key pair has no secret key to export (it was imported from a public key)')
  }
  if (format === 'jwk') {
    return { ...(secret ? keys.privateJwk! : keys.publicJwk), kid: keyPair.id, alg: JOSE_ALG[keyPair.algorithm] }
  }
  if (format !== 'multikey')
    throw new TypeError(`exportKeyPair(keyPair, options): unknown format ${JSON.stringify(format)}`)
  if (keyPair.algorithm === 'RS256')
    throw new TypeError('exportKeyPair(keyPair, options): RSA keys have no Multikey form; use format: "jwk"')
  const doc: MultikeyDocument = {
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id: keyPair.id,
    controller: keyPair.controller,
    publicKeyMultibase: keyPair.publicKeyMultibase,
  }
  if (secret) doc.secretKeyMultibase = keys.secretKeyMultibase!
  return doc
}

/** True when a JWK carries private key material (which must never appear in headers or documents). */
export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_JWK_MEMBERS.some((member) => member in jwk)
}
