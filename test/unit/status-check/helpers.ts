/**
 * Shared pieces of the `status` check tests: hand-made encoded lists (built here with node:zlib, independently
 * of microcred's encoder), hand-made status list credentials signed with microcred's issue(), and report readers.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import { issue, type Ed25519KeyPair, type VerificationReport } from '../../../src/index.js'

/** When the test lists start to be valid, and when the tests verify (every credential is valid then). */
export const LIST_VALID_FROM = '2025-01-01T00:00:00Z'
export const now = new Date('2026-01-01T00:00:00Z')
export const created = '2025-06-30T10:00:00Z'

/** Where the status lists of the tests are "published" (served through injected fetches only). */
export const REVOCATION_URL = 'https://tu-example.de/status/revocation/1'
export const SUSPENSION_URL = 'https://tu-example.de/status/suspension/1'
export const MESSAGE_URL = 'https://tu-example.de/status/message/1'
/** Where a credential's status list is, in the nested report and in the issues about the list. */
export const LIST_PATH = 'credentialStatus.statusListCredential'

export type Doc = Record<string, any>

export const statusOf = (report: VerificationReport): Record<string, string> =>
  Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
export const issuesOf = (report: VerificationReport, check: string) => report.issues.filter((i) => i.check === check)

/** A bitstring of `bits` bits (a multiple of 8) with the given bit positions set, left-to-right, MSB first. */
export function bitstring(bits: number, set: number[] = []): Buffer {
  const bytes = Buffer.alloc(bits / 8)
  for (const position of set) bytes[position >> 3] = bytes[position >> 3]! | (0x80 >> (position & 7))
  return bytes
}

/** Reads one bit (MSB first) of a decoded bitstring. */
export function bitAt(bytes: Buffer, position: number): boolean {
  return ((bytes[position >> 3]! >> (7 - (position & 7))) & 1) === 1
}

/** The `encodedList` of raw bytes: multibase base64url ('u') of their GZIP; without the 'u' for StatusList2021. */
export function encodedList(bytes: Buffer, multibase = true): string {
  return `${multibase ? 'u' : ''}${gzipSync(bytes).toString('base64url')}`
}

/** The bytes an `encodedList` stands for (the multibase 'u' stripped, base64url-decoded, gunzipped). */
export function decodedList(encoded: string): Buffer {
  if (!encoded.startsWith('u')) throw new Error(`not multibase base64url: ${encoded.slice(0, 10)}`)
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'))
}

/** A BitstringStatusListCredential written by hand, signed with issue() by `keyPair` (its issuer). */
export async function handMadeList(
  keyPair: Ed25519KeyPair,
  options: { id: string; purpose: string; encodedList: string; validFrom?: string; issuer?: string },
): Promise<Doc> {
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: options.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer ?? keyPair.controller,
    validFrom: options.validFrom ?? LIST_VALID_FROM,
    credentialSubject: {
      id: `${options.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: options.purpose,
      encodedList: options.encodedList,
    },
  }
  return issue(credential as never, { keyPair, created: LIST_VALID_FROM })
}

/** A BitstringStatusListEntry pointing at `url`, index `index` (as given: tests pass odd values on purpose). */
export function entry(url: string, index: unknown, purpose = 'revocation'): Doc {
  return {
    id: `${url}#entry`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: index,
    statusListCredential: url,
  }
}
