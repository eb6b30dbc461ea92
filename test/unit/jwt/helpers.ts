/**
 * Helpers for the VC-JWT tests. JWT parts are decoded here with Buffer base64url, tokens are built by hand or
 * with jose's CompactSign, and signatures are checked with node:crypto, so expected values never come from the
 * code under test.
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto'
import { CompactSign, importJWK, type JWK } from 'jose'
import { expect } from 'vitest'
import {
  createMicroCredential,
  exportKeyPair,
  isMicrocredError,
  type FetchLike,
  type KeyJwk,
  type KeyPair,
  type MicroCredential,
  type MicroCredentialInput,
  type MicrocredErrorCode,
  type VerificationReport,
} from '../../../src/index.js'
import { fullInput } from '../../fixtures/inputs.js'
import { serveDocuments } from '../../helpers/fetch.js'

/** A fixed "now" inside the fixture credential's validity period (2025-06-30 .. 2030-06-30). */
export const NOW = new Date('2026-01-01T00:00:00Z')

/** Values of the fixture input (test/fixtures/inputs.ts), written down here on purpose. */
export const FIXTURE = {
  id: 'urn:uuid:5f0c1a2e-8d3b-4c59-9a7e-1b2c3d4e5f60',
  learnerId: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  /** validFrom 2025-06-30T10:00:00Z in seconds. */
  nbf: Date.UTC(2025, 5, 30, 10, 0, 0) / 1000,
  /** validUntil 2030-06-30T00:00:00Z in seconds. */
  exp: Date.UTC(2030, 5, 30, 0, 0, 0) / 1000,
} as const

/** The EU fixture credential with the given issuer id. */
export function credentialFor(issuerId: string, overrides: Partial<MicroCredentialInput> = {}): MicroCredential {
  const input = fullInput(overrides)
  return createMicroCredential({ ...input, issuer: { ...input.issuer, id: issuerId } })
}

/** JSON round trip, as a credential looks after travelling through a JWT. */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

const b64uJson = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
const fromB64uJson = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>

/** The three parts of a compact JWS, header and payload decoded. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>
  payload: Record<string, unknown>
  signingInput: string
  signature: Buffer
} {
  const parts = token.split('.')
  expect(parts).toHaveLength(3)
  const [h, p, s] = parts as [string, string, string]
  return {
    header: fromB64uJson(h),
    payload: fromB64uJson(p),
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  }
}

/** A token with the same header and signature but another payload (the signature no longer matches). */
export function withPayload(token: string, payload: unknown): string {
  const [h, , s] = token.split('.') as [string, string, string]
  return `${h}.${b64uJson(payload)}.${s}`
}

/** A token assembled by hand from a header, a payload and raw signature bytes. */
export function handMade(header: unknown, payload: unknown, signature: Uint8Array | string = ''): string {
  const sig = typeof signature === 'string' ? signature : Buffer.from(signature).toString('base64url')
  return `${b64uJson(header)}.${b64uJson(payload)}.${sig}`
}

const JOSE_ALG = { Ed25519: 'EdDSA', ES256: 'ES256', RS256: 'RS256' } as const

/** The JOSE alg of a key pair. */
export const algOf = (keyPair: KeyPair): 'EdDSA' | 'ES256' | 'RS256' => JOSE_ALG[keyPair.algorithm]

/** `exportKeyPair` of the microcred module instance that made the key pair (tests that reset modules pass theirs). */
type Exporter = (keyPair: KeyPair, options: { secret?: boolean; format: 'jwk' }) => KeyJwk

/** Only the public members of a key pair's JWK (no kid, no alg). */
export function publicJwk(keyPair: KeyPair, exporter: Exporter = exportKeyPair): KeyJwk {
  const { kty, crv, x, y, n, e } = exporter(keyPair, { format: 'jwk' })
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as KeyJwk
}

/** Signs any header and payload with the key pair's secret key, using jose directly (not microcred). */
export async function signCompact(
  header: Record<string, unknown>,
  payload: unknown,
  keyPair: KeyPair,
  exporter: Exporter = exportKeyPair,
): Promise<string> {
  const alg = algOf(keyPair)
  const { kid: _kid, alg: _alg, ...secretJwk } = exporter(keyPair, { secret: true, format: 'jwk' })
  const key = await importJWK(secretJwk as JWK, alg)
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, ...header })
    .sign(key)
}

/** Checks a token's signature with node:crypto and the key pair's public key. */
export function signatureIsValid(token: string, keyPair: KeyPair, exporter: Exporter = exportKeyPair): boolean {
  const { signingInput, signature } = decodeJwt(token)
  const key = createPublicKey({ key: publicJwk(keyPair, exporter) as import('node:crypto').JsonWebKey, format: 'jwk' })
  const data = Buffer.from(signingInput, 'ascii')
  if (keyPair.algorithm === 'Ed25519') return cryptoVerify(null, data, key, signature)
  if (keyPair.algorithm === 'ES256') return cryptoVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
  return cryptoVerify('sha256', data, key, signature)
}

/** The registered claims OB 3.0 §8.2 requires for a VC 2.0 credential, from the credential's own members. */
export function claimsFor(credential: MicroCredential): Record<string, unknown> {
  const c = credential as unknown as {
    issuer: { id: string }
    id: string
    credentialSubject: { id?: string }
    validFrom: string
    validUntil?: string
  }
  return {
    iss: c.issuer.id,
    jti: c.id,
    ...(c.credentialSubject.id === undefined ? {} : { sub: c.credentialSubject.id }),
    nbf: Math.floor(new Date(c.validFrom).getTime() / 1000),
    ...(c.validUntil === undefined ? {} : { exp: Math.floor(new Date(c.validUntil).getTime() / 1000) }),
  }
}

/** A fetch serving fixed JSON documents by URL (404 for anything else), recording what was asked. */
export function serve(documents: Record<string, unknown>): FetchLike & { requested: string[] } {
  const fetch = serveDocuments(documents)
  return Object.assign(fetch, { requested: fetch.calls })
}

/** Check id -> status of a report. */
export const statusOf = (report: VerificationReport): Record<string, string> =>
  Object.fromEntries(report.checks.map((c) => [c.id, c.status]))

/** Runs `action` and returns what it throws (fails when nothing is thrown). */
export async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, but nothing was thrown')
}

/** Asserts a MicrocredError with `code` and returns it. */
export async function expectMicrocredError(
  action: () => unknown,
  code: MicrocredErrorCode,
): Promise<Error & { code: string; path: string | undefined; issues: readonly unknown[] }> {
  const error = await caught(action)
  expect(isMicrocredError(error), `expected a MicrocredError, got ${String(error)}`).toBe(true)
  expect((error as { code: string }).code).toBe(code)
  return error as Error & { code: string; path: string | undefined; issues: readonly unknown[] }
}
