/**
 * Ed25519 key pairs: generate, import and export as Multikey (`publicKeyMultibase` / `secretKeyMultibase`) or
 * JWK. Multibase encoding and decoding is `@digitalbazaar/ed25519-multikey`'s; signing uses a Node `KeyObject`
 * created once per key pair.
 *
 * The secret key is never a property of the key pair object: it lives in a module-private map, so logging or
 * serialising a key pair cannot leak it. Only `exportKeyPair(keyPair, { secret: true })` returns it.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { MicrocredError } from '../errors.js'
import { MULTIKEY_V1_CONTEXT } from '../context/urls.js'
import { assertOptions, isJsonObject } from '../util/json.js'

/** An Ed25519 key pair bound to a controller (the issuer): what `issue()` signs with. */
export interface Ed25519KeyPair {
  readonly type: 'Multikey'
  readonly algorithm: 'Ed25519'
  /** Verification method id, e.g. `did:key:z6Mk...#z6Mk...` or `did:web:uni.example#key-1`. */
  readonly id: string
  /** Who controls the key: the issuer's DID or URL. */
  readonly controller: string
  /** The public key, multibase (`z6Mk...`). */
  readonly publicKeyMultibase: string
  /** Whether this key pair holds its secret key (it was not imported from a public key alone). */
  readonly canSign: boolean
}

/** A key pair exported as a Multikey verification method (W3C Controlled Identifiers). */
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

/** What `exportKeyPair()` returns. */
export type ExportedKeyPair = MultikeyDocument | Ed25519Jwk

/**
 * What `importKeyPair()` takes: a JWK, or a Multikey whose `type`, `id` and `controller` may be absent (a bare
 * key defaults to its own `did:key`).
 */
export type KeyPairInput =
  | Ed25519Jwk
  | (Omit<MultikeyDocument, 'type' | 'id' | 'controller'> & { type?: 'Multikey'; id?: string; controller?: string })

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /**
   * The issuer that controls the key, e.g. `did:web:uni.example` or `https://uni.example/issuer`. Default: a
   * `did:key` made from the key itself (no hosting needed).
   */
  controller?: string
  /** Verification method id. Default `<controller>#<publicKeyMultibase>`. */
  id?: string
  /** 32-byte seed, for reproducible keys in tests. Default: random. */
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
  /** `'multikey'` (default) or `'jwk'`. */
  format?: 'multikey' | 'jwk'
}

interface KeyMaterial {
  publicKey: Uint8Array
  secretKey?: Uint8Array
  secretKeyMultibase?: string
  privateKeyObject?: KeyObject
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/** The `@digitalbazaar/ed25519-multikey` key pair interface, the part used here. */
type LibraryKeyPair = Awaited<ReturnType<typeof Ed25519Multikey.from>>

/**
 * Raw bytes and the secret's multibase form of a library key pair (32-byte seed form of the secret).
 * The library decodes a multibase without checking its multicodec header or length, so the public key is
 * checked here: 32 bytes that re-encode to exactly `expectedMultibase` and that Node accepts as Ed25519.
 */
async function materialOf(key: LibraryKeyPair, expectedMultibase: string): Promise<KeyMaterial> {
  const raw = await key.export({ raw: true, canonicalize: true })
  const reencoded = (await key.export({ publicKey: true, includeContext: false })).publicKeyMultibase
  if (raw.publicKey.length !== 32 || reencoded !== expectedMultibase) {
    throw new MicrocredError('ERR_KEY_INVALID', `${JSON.stringify(expectedMultibase)} is not an Ed25519 public key (multicodec 0xed01 with 32 key bytes, "z6Mk...")`)
  }
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url(raw.publicKey) }, format: 'jwk' })
  if (raw.secretKey === undefined) return { publicKey: raw.publicKey }
  const exported = await key.export({ publicKey: true, secretKey: true, includeContext: false, canonicalize: true })
  return { publicKey: raw.publicKey, secretKey: raw.secretKey, secretKeyMultibase: exported.secretKeyMultibase }
}

const material = new WeakMap<Ed25519KeyPair, KeyMaterial>()

/** @internal The private key object of a key pair, for signers. */
export function privateKeyObjectOf(keyPair: Ed25519KeyPair): KeyObject | undefined {
  return material.get(keyPair)?.privateKeyObject
}

/** @internal The raw 32-byte public key. */
export function publicKeyOf(keyPair: Ed25519KeyPair): Uint8Array {
  const keys = material.get(keyPair)
  if (keys === undefined) throw new TypeError('not a key pair made by microcred (use generateKeyPair or importKeyPair)')
  return keys.publicKey
}

/** True for key pairs made by `generateKeyPair()` / `importKeyPair()`. */
export function isKeyPair(value: unknown): value is Ed25519KeyPair {
  return typeof value === 'object' && value !== null && material.has(value as Ed25519KeyPair)
}

function makeKeyPair(id: string, controller: string, publicKeyMultibase: string, keys: KeyMaterial): Ed25519KeyPair {
  if (keys.secretKey !== undefined) {
    keys.privateKeyObject = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url(keys.publicKey), d: base64url(keys.secretKey) },
      format: 'jwk',
    })
    // The secret must belong to the public key; a mismatched pair would sign unverifiable proofs.
    const derived = createPublicKey(keys.privateKeyObject).export({ format: 'jwk' }) as { x?: string }
    if (derived.x !== base64url(keys.publicKey)) {
      throw new MicrocredError('ERR_KEY_INVALID', 'the secret key does not belong to the public key')
    }
  }
  const keyPair: Ed25519KeyPair = Object.freeze({
    type: 'Multikey',
    algorithm: 'Ed25519',
    id,
    controller,
    publicKeyMultibase,
    canSign: keys.secretKey !== undefined,
  })
  material.set(keyPair, keys)
  return keyPair
}

function resolveIds(publicKeyMultibase: string, controller: string | undefined, id: string | undefined): { id: string; controller: string } {
  const owner = controller ?? (id?.includes('#') ? id.slice(0, id.indexOf('#')) : `did:key:${publicKeyMultibase}`)
  if (owner.startsWith('did:key:') && owner !== `did:key:${publicKeyMultibase}`) {
    throw new MicrocredError('ERR_KEY_INVALID', `the controller ${owner} is a did:key of another key (this key is did:key:${publicKeyMultibase})`)
  }
  const keyId = id ?? `${owner}#${publicKeyMultibase}`
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(owner) || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(keyId)) {
    throw new MicrocredError('ERR_KEY_INVALID', `the key id ${JSON.stringify(keyId)} and controller ${JSON.stringify(owner)} must be absolute URIs`)
  }
  return { id: keyId, controller: owner }
}

/**
 * Generates an Ed25519 key pair. Without options it is self-describing: its controller is
 * `did:key:<publicKeyMultibase>`, so credentials signed with it verify offline. Pass `controller` to bind it to
 * an issuer you host (`did:web:...` or an https URL) and publish the matching document.
 *
 * @example
 * ```ts
 * const keyPair = await generateKeyPair()
 * keyPair.controller // 'did:key:z6Mk...' — use it as the credential's issuer id
 *
 * const hosted = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * ```
 */
export async function generateKeyPair(options: GenerateKeyPairOptions = {}): Promise<Ed25519KeyPair> {
  assertOptions(options, 'generateKeyPair(options)')
  if (options.seed !== undefined && (!(options.seed instanceof Uint8Array) || options.seed.length !== 32)) {
    throw new TypeError('generateKeyPair(options): seed must be a 32-byte Uint8Array')
  }
  const generated = await Ed25519Multikey.generate(options.seed === undefined ? {} : { seed: options.seed })
  const ids = resolveIds(generated.publicKeyMultibase, options.controller, options.id)
  return makeKeyPair(ids.id, ids.controller, generated.publicKeyMultibase, await materialOf(generated, generated.publicKeyMultibase))
}

/**
 * Imports a key pair exported by {@link exportKeyPair} (or any Ed25519 Multikey or JWK). A public key alone
 * gives a key pair that cannot sign.
 *
 * @throws MicrocredError `ERR_KEY_INVALID` when the key is malformed, not Ed25519, or its secret does not match.
 * @example
 * ```ts
 * const keyPair = await importKeyPair(JSON.parse(await readFile('issuer-key.json', 'utf8')))
 * const fromJwk = await importKeyPair(jwk, { controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * ```
 */
export async function importKeyPair(exported: KeyPairInput, options: ImportKeyPairOptions = {}): Promise<Ed25519KeyPair> {
  if (!isJsonObject(exported)) throw new TypeError('importKeyPair(exported): exported must be a Multikey or JWK object')
  assertOptions(options, 'importKeyPair(exported, options)')
  try {
    if ('kty' in exported) {
      const jwk = exported as unknown as Ed25519Jwk
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') {
        throw new MicrocredError('ERR_KEY_INVALID', `only Ed25519 keys (kty "OKP", crv "Ed25519") are supported, not kty ${JSON.stringify(jwk.kty)} crv ${JSON.stringify(jwk.crv)}`)
      }
      const imported = await Ed25519Multikey.fromJwk({ jwk, secretKey: typeof jwk.d === 'string' })
      const ids = resolveIds(imported.publicKeyMultibase, options.controller, options.id ?? jwk.kid)
      return makeKeyPair(ids.id, ids.controller, imported.publicKeyMultibase, await materialOf(imported, imported.publicKeyMultibase))
    }
    const doc = exported as Partial<MultikeyDocument>
    if ((doc.type !== undefined && doc.type !== 'Multikey') || typeof doc.publicKeyMultibase !== 'string') {
      throw new MicrocredError('ERR_KEY_INVALID', 'expected a Multikey ({ type: "Multikey", publicKeyMultibase, ... }) or an Ed25519 JWK')
    }
    const imported = await Ed25519Multikey.from({
      type: 'Multikey',
      publicKeyMultibase: doc.publicKeyMultibase,
      ...(typeof doc.secretKeyMultibase === 'string' ? { secretKeyMultibase: doc.secretKeyMultibase } : {}),
    })
    const keys = await materialOf(imported, doc.publicKeyMultibase)
    const ids = resolveIds(doc.publicKeyMultibase, options.controller ?? doc.controller, options.id ?? doc.id)
    return makeKeyPair(ids.id, ids.controller, doc.publicKeyMultibase, keys)
  } catch (error) {
    if (error instanceof MicrocredError) throw error
    // The underlying message describes the key format, never the key material.
    throw new MicrocredError('ERR_KEY_INVALID', `not a valid Ed25519 key: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * Exports a key pair as a Multikey document (default) or a JWK. The secret key is included only with
 * `{ secret: true }`; store that output like a password.
 *
 * @example
 * ```ts
 * const publicDoc = exportKeyPair(keyPair)                  // safe to publish in a DID document
 * const backup = exportKeyPair(keyPair, { secret: true })   // keep secret; importKeyPair(backup) restores it
 * const jwk = exportKeyPair(keyPair, { format: 'jwk' })
 * ```
 */
export function exportKeyPair(keyPair: Ed25519KeyPair, options: { secret?: boolean; format: 'jwk' }): Ed25519Jwk
export function exportKeyPair(keyPair: Ed25519KeyPair, options?: { secret?: boolean; format?: 'multikey' }): MultikeyDocument
export function exportKeyPair(keyPair: Ed25519KeyPair, options?: ExportKeyPairOptions): ExportedKeyPair
export function exportKeyPair(keyPair: Ed25519KeyPair, options: ExportKeyPairOptions = {}): ExportedKeyPair {
  const keys = material.get(keyPair)
  if (keys === undefined) throw new TypeError('exportKeyPair(keyPair): not a key pair made by generateKeyPair() or importKeyPair()')
  assertOptions(options, 'exportKeyPair(keyPair, options)')
  const { secret = false, format = 'multikey' } = options
  if (secret && keys.secretKey === undefined) {
    throw new MicrocredError('ERR_KEY_INVALID', 'this key pair has no secret key to export (it was imported from a public key)')
  }
  if (format === 'jwk') {
    return {
      kty: 'OKP',
      crv: 'Ed25519',
      x: base64url(keys.publicKey),
      ...(secret ? { d: base64url(keys.secretKey!) } : {}),
      kid: keyPair.id,
      alg: 'EdDSA',
    }
  }
  if (format !== 'multikey') throw new TypeError(`exportKeyPair(keyPair, options): unknown format ${JSON.stringify(format)}`)
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
