/**
 * Property-based fuzz test of verify(): random JSON and JavaScript values, mutations of a genuine signed credential
 * (its members, types, values and proofs), mutated and random VC-JWTs, and damaged baked PNG and SVG badges. Whatever
 * arrives, verify() resolves with a well-formed report (every check once with a known status, every issue with a
 * code of ERROR_CODES, never ERR_INTERNAL), and says verified only when what it verified secures exactly the genuine
 * statements (the oracles in ./arbitraries.ts check that with jsonld.js, not with the code under test). Every call
 * must also leave the JavaScript built-ins as they were (no prototype pollution: what changed is reported and put
 * back), and after each property the genuine artefacts must still verify (no poisoned cache).
 *
 * Seeded: the seed is in every property's name; replay with FUZZ_SEED=<seed> (FUZZ_RUNS=<factor> scales the runs).
 */
import fc from 'fast-check'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  exportKeyPair,
  generateKeyPair,
  issue,
  issueJwt,
  verify,
  type Ed25519KeyPair,
  type VerificationReport,
} from '../../src/index.js'
import { bakePng, bakeSvg, extractBaked, imageFormat } from '../../src/entries/bake.js'
import { euCredential, signBypassingChecks, signedEuCredential } from '../helpers/credentials.js'
import { BADGE_SVG, NOW, makePng } from '../unit/bake/helpers.js'
import { signCompact } from '../unit/jwt/helpers.js'
import {
  SEED,
  applyJwtMutations,
  applyMutations,
  applyPngMutations,
  applySvgMutations,
  asInput,
  builtInsChange,
  credentialItxt,
  encodeSvg,
  forgeryOf,
  fuzzParameters,
  inputForm,
  issueList,
  jsonOf,
  jwtForgeryOf,
  jwtLike,
  jwtMutations,
  mutations,
  ODD_STRINGS,
  pngMutations,
  reportProblem,
  snapshotBuiltIns,
  stableJson,
  svgEncoding,
  svgIsh,
  svgMutations,
  type JwtContext,
  type MutationContext,
  type PngContext,
} from './arbitraries.js'

/** Generous per-property time-outs: a failing property shrinks, which runs verify() many more times. */
const PROPERTY_TIMEOUT = 300_000

const options = { now: NOW }

interface Genuine {
  signed: Record<string, unknown>
  context: MutationContext
}

let keyPair: Ed25519KeyPair
let genuine: Record<'eddsa-rdfc-2022' | 'Ed25519Signature2020', Genuine>
let jwtContext: JwtContext
let png: { ldp: Uint8Array; jwt: Uint8Array }
let svg: { ldp: string; jwt: string }
let pngContext: PngContext

beforeAll(async () => {
  console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`)
  const made = await signedEuCredential()
  keyPair = made.keyPair
  const attacker = await generateKeyPair()
  const otherVerificationMethods = [attacker.id, `${attacker.controller}#${keyPair.id.split('#')[1]}`]
  const withAttacker = async (signed: Record<string, unknown>): Promise<Genuine> => {
    const { proof: _proof, ...unsigned } = signed
    const attackerSigned = await signBypassingChecks(unsigned, attacker)
    return { signed, context: { original: signed, attackerProof: attackerSigned.proof, otherVerificationMethods } }
  }
  const signed2020 = await issue(euCredential(keyPair), {
    keyPair,
    created: '2025-06-30T10:00:00Z',
    proof: 'Ed25519Signature2020',
  })
  genuine = {
    'eddsa-rdfc-2022': await withAttacker(made.signed as unknown as Record<string, unknown>),
    Ed25519Signature2020: await withAttacker(signed2020 as unknown as Record<string, unknown>),
  }

  const token = await issueJwt(euCredential(keyPair), { keyPair })
  const [headerPart, payloadPart] = token.split('.') as [string, string]
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>
  const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>
  const attackerToken = await signCompact({ kid: attacker.id, typ: 'JWT' }, payload, attacker)
  const jwk = exportKeyPair(keyPair, { format: 'jwk' })
  const noProofs = { attackerProof: {}, otherVerificationMethods }
  jwtContext = {
    token,
    attackerToken,
    publicKeyBytes: new Uint8Array(Buffer.from(jwk.x, 'base64url')),
    publicJwkText: JSON.stringify(jwk),
    headerContext: { original: header, ...noProofs },
    payloadContext: { original: payload, ...noProofs },
  }

  const image = makePng()
  png = { ldp: bakePng(image, made.signed), jwt: bakePng(image, token) }
  svg = { ldp: bakeSvg(BADGE_SVG, made.signed), jwt: bakeSvg(BADGE_SVG, token) }
  let bomb: Uint8Array | undefined
  pngContext = {
    credentialText: (list) => jsonOf(applyMutations(made.signed, list, genuine['eddsa-rdfc-2022'].context)) ?? '',
    // 24 MiB of JSON whitespace around {}, deflated to ~24 KiB: it must be refused at the credential size cap, not inflated.
    bomb: () => (bomb ??= credentialItxt(`{${' '.repeat(24 * 1024 * 1024)}}`, true)),
  }
})

/** Fails the property with a readable message (fast-check prints it with the counterexample). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message())
}

/**
 * verify() must resolve (a rejection becomes a failure naming the error) and leave the JavaScript built-ins as they
 * were: a credential that pollutes Object.prototype breaks every later verification in the process.
 */
async function verifyOrFail(input: unknown): Promise<VerificationReport> {
  const before = snapshotBuiltIns()
  let report: VerificationReport
  try {
    report = await verify(input, options)
  } catch (error) {
    builtInsChange(before)
    throw new Error(
      `verify() threw instead of returning a report: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`,
      { cause: error },
    )
  }
  const polluted = builtInsChange(before)
  check(
    polluted === undefined,
    () =>
      `verify() changed the JavaScript built-ins (prototype pollution; put back for the next run): ${polluted}\nissues: ${issueList(report).join(', ')}`,
  )
  return report
}

/** The report invariants every property checks. */
function wellFormed(report: VerificationReport): void {
  const problem = reportProblem(report)
  check(problem === undefined, () => `${problem}\nissues: ${issueList(report).join(', ')}`)
}

describe('verify(): fuzzing', () => {
  // After each property, the genuine artefacts still verify: nothing a fuzzed input did (prototype pollution, a
  // corrupted cache) outlives its verification.
  afterEach(async () => {
    for (const [name, { signed }] of Object.entries(genuine)) {
      const report = await verify(structuredClone(signed), options)
      expect(
        report.verified,
        `the genuine ${name} credential no longer verifies after this property: ${issueList(report).join(', ')}`,
      ).toBe(true)
    }
    expect(
      (await verify(jwtContext.token, options)).verified,
      'the genuine VC-JWT no longer verifies after this property',
    ).toBe(true)
  })

  it('the genuine artefacts verify in every form (so the properties below can fail)', async () => {
    for (const { signed } of Object.values(genuine)) {
      for (const form of ['object', 'text', 'bytes', 'padded-text', 'bom-bytes'] as const) {
        const report = await verify(asInput(signed, form).input, options)
        expect(report.issues, form).toEqual([])
        expect(report.verified, form).toBe(true)
        expect(reportProblem(report)).toBeUndefined()
        expect(await forgeryOf(report, asInput(signed, form).seen, signed)).toBeUndefined()
      }
    }
    for (const input of [jwtContext.token, png.ldp, png.jwt, svg.ldp, svg.jwt, new TextEncoder().encode(svg.ldp)]) {
      const report = await verify(input, options)
      expect(report.issues).toEqual([])
      expect(report.verified).toBe(true)
    }
    expect(jwtForgeryOf(true, jwtContext.token, jwtContext.token)).toBeUndefined()
    // The oracles catch what they are for: a changed statement, another key's proof, a changed token.
    const { signed, context } = genuine['eddsa-rdfc-2022']
    const changed = applyMutations(
      signed,
      [{ op: 'edit', at: 0, edit: { kind: 'append', text: 'x' } }],
      context,
    ) as Record<string, unknown>
    expect(await forgeryOf({ verified: true, proofUsed: 0 }, changed, signed)).toMatch(
      /does not secure the genuine statements|rejects/,
    )
    expect(
      await forgeryOf({ verified: true, proofUsed: 0 }, { ...signed, proof: [context.attackerProof] }, signed),
    ).toMatch(/does not secure/)
    expect(
      jwtForgeryOf(true, applyJwtMutations(jwtContext, [{ op: 'signature-flip', bit: 3 }]), jwtContext.token),
    ).toMatch(/signature/)
    // ...and so does the report check.
    const good = await verify(signed, options)
    expect(reportProblem({ ...good, issues: [{ code: 'ERR_INTERNAL', check: 'proof', message: 'boom' }] })).toMatch(
      /ERR_INTERNAL/,
    )
    expect(reportProblem({ ...good, checks: good.checks.slice(1) })).toMatch(/every check once/)
    // ...and so does the built-ins watch (which puts things back).
    const before = snapshotBuiltIns()
    ;(Object.prototype as Record<string, unknown>)['@id'] = 'polluted'
    expect(builtInsChange(before)).toMatch(/Object.prototype gained @id/)
    expect(({} as Record<string, unknown>)['@id']).toBeUndefined()
  })

  it(`random JSON values (seed ${SEED}): a report, never verified`, { timeout: PROPERTY_TIMEOUT }, async () => {
    const credentialShaped = fc.record(
      {
        '@context': fc.oneof(
          fc.constant(genuine['eddsa-rdfc-2022'].signed['@context']),
          fc.constant(['https://www.w3.org/ns/credentials/v2']),
          fc.constant(['https://www.w3.org/2018/credentials/v1']),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        type: fc.oneof(
          fc.constant(['VerifiableCredential', 'OpenBadgeCredential']),
          fc.constant(['VerifiableCredential']),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        issuer: fc.oneof(
          fc.constant(keyPair.controller),
          fc.record({ id: fc.constant(keyPair.controller), type: fc.constant(['Profile']), name: fc.string() }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        validFrom: fc.oneof(fc.constant('2025-06-30T10:00:00Z'), fc.jsonValue({ maxDepth: 1 })),
        credentialSubject: fc.oneof(fc.constant({ id: 'did:example:1' }), fc.jsonValue({ maxDepth: 3 })),
        proof: fc.oneof(
          fc.record({
            type: fc.constant('DataIntegrityProof'),
            cryptosuite: fc.constant('eddsa-rdfc-2022'),
            verificationMethod: fc.constant(keyPair.id),
            proofPurpose: fc.constant('assertionMethod'),
            proofValue: fc.oneof(
              fc.constant(
                String((genuine['eddsa-rdfc-2022'].signed['proof'] as Record<string, unknown>[])[0]!['proofValue']),
              ),
              fc.string(),
            ),
          }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      },
      { requiredKeys: [] },
    )
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 5 }) },
      { weight: 3, arbitrary: credentialShaped },
      { weight: 1, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    )
    await fc.assert(
      fc.asyncProperty(value, inputForm, async (document, form) => {
        const report = await verifyOrFail(asInput(document, form).input)
        wellFormed(report)
        check(!report.verified, () => 'a random value verified')
      }),
      fuzzParameters(300),
    )
  })

  it(
    `JavaScript values that are not JSON (seed ${SEED}): a report; verified only for a copy of the genuine credential`,
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      // Built inside the property (by name), so fast-check can print the case even when the value throws on access.
      const signed = () => genuine['eddsa-rdfc-2022'].signed
      const HOSTILE: Record<string, () => unknown> = {
        'a credential whose toJSON throws': () => ({
          ...signed(),
          toJSON: () => {
            throw new Error('toJSON')
          },
        }),
        'a credential whose toJSON gives a string': () => ({ ...signed(), toJSON: () => 'a string' }),
        'a proxy of the credential': () => new Proxy(structuredClone(signed()), {}),
        'a credential with a null prototype': () => Object.assign(Object.create(null) as object, signed()),
        'a frozen credential': () => Object.freeze(structuredClone(signed())),
        'a credential with a symbol key and a bigint': () => ({ ...signed(), [Symbol('s')]: 1, big: 10n }),
        'a Map of the credential': () => new Map(Object.entries(signed())),
        'an Int16Array': () => new Int16Array([0x7b, 0x7d]),
        'bytes over a SharedArrayBuffer': () => new Uint8Array(new SharedArrayBuffer(4)),
        'a Buffer of {}': () => Buffer.from('{}'),
        'a boxed String of the credential': () => new String(JSON.stringify(signed())),
        'the credential in an array': () => [signed()],
      }
      const value = fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .anything({
              maxDepth: 3,
              withBigInt: true,
              withBoxedValues: true,
              withDate: true,
              withMap: true,
              withSet: true,
              withNullPrototype: true,
              withObjectString: true,
              withSparseArray: true,
              withTypedArray: true,
              stringUnit: 'binary',
            })
            .map((v) => ({ make: () => v, name: 'anything' })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...Object.keys(HOSTILE)).map((name) => ({ make: HOSTILE[name]!, name })),
        },
      )
      await fc.assert(
        fc.asyncProperty(value, async ({ make }) => {
          const report = await verifyOrFail(make())
          wellFormed(report)
          // Copies of the genuine credential (null prototype, frozen, proxied) may verify: as what was read, it is genuine.
          const forgery = await forgeryOf(report, report.credential, signed())
          check(forgery === undefined, () => `${forgery}\nissues: ${issueList(report).join(', ')}`)
        }),
        fuzzParameters(150),
      )
    },
  )

  for (const [label, proofWeight, maxLength, runs] of [
    ['mutated credentials', 3, 4, 250],
    ['mutated proofs', 40, 2, 150],
  ] as const) {
    it(
      `${label} (seed ${SEED}): a report; verified only when the signed statements are the genuine ones`,
      { timeout: PROPERTY_TIMEOUT },
      async () => {
        const suite = fc.constantFrom('eddsa-rdfc-2022' as const, 'Ed25519Signature2020' as const)
        const cases = suite.chain((name) =>
          fc.tuple(fc.constant(name), mutations(genuine[name].context, { proofWeight, maxLength }), inputForm),
        )
        await fc.assert(
          fc.asyncProperty(cases, async ([name, list, form]) => {
            const { signed, context } = genuine[name]
            const mutated = applyMutations(signed, list, context)
            const { input, seen } = asInput(mutated, form)
            const report = await verifyOrFail(input)
            wellFormed(report)
            const forgery = await forgeryOf(report, seen, signed)
            check(forgery === undefined, () => `${forgery}\nissues: ${issueList(report).join(', ')}`)
            // A mutation that left the JSON as it was (a no-op) must not break verification either.
            if (stableJson(seen) === stableJson(signed))
              check(
                report.verified,
                () => `the genuine credential (unchanged JSON) did not verify: ${issueList(report).join(', ')}`,
              )
          }),
          fuzzParameters(runs),
        )
      },
    )
  }

  it(
    `VC-JWTs: mutated and random tokens (seed ${SEED}): a report; verified only for the genuine token`,
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      const token = fc.oneof(
        { weight: 3, arbitrary: jwtMutations(jwtContext).map((list) => applyJwtMutations(jwtContext, list)) },
        { weight: 1, arbitrary: jwtLike },
      )
      const form = fc.constantFrom('string', 'bytes', 'padded', 'json-string')
      await fc.assert(
        fc.asyncProperty(token, form, async (jwt, how) => {
          const input =
            how === 'string'
              ? jwt
              : how === 'bytes'
                ? new TextEncoder().encode(jwt)
                : how === 'padded'
                  ? ` \n${jwt}\n `
                  : JSON.stringify(jwt)
          const report = await verifyOrFail(input)
          wellFormed(report)
          const forgery = jwtForgeryOf(report.verified, how === 'json-string' ? undefined : jwt, jwtContext.token)
          check(forgery === undefined, () => `${forgery}\nissues: ${issueList(report).join(', ')}`)
        }),
        fuzzParameters(250),
      )
    },
  )

  /** The oracle for a verified image: the credential inside is the genuine one (ldp), or the genuine token (jwt). */
  async function imageForgery(report: VerificationReport, input: Uint8Array | string): Promise<string | undefined> {
    if (!report.verified) return undefined
    if (report.format === 'jwt') {
      const baked = extractBaked(input)
      return jwtForgeryOf(
        true,
        baked.version === 'ob3' && baked.format === 'jwt' ? baked.jwt : undefined,
        jwtContext.token,
      )
    }
    return forgeryOf(report, report.credential, genuine['eddsa-rdfc-2022'].signed)
  }

  it(
    `baked PNGs: flipped, truncated, with chunks inserted, dropped or replaced (seed ${SEED}): a report; verified only for the genuine credential`,
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      const cases = fc.tuple(
        fc.constantFrom('ldp' as const, 'jwt' as const),
        pngMutations(mutations(genuine['eddsa-rdfc-2022'].context, { maxLength: 2 })),
      )
      await fc.assert(
        fc.asyncProperty(cases, async ([which, list]) => {
          const image = applyPngMutations(png[which], list, pngContext)
          const report = await verifyOrFail(image)
          wellFormed(report)
          if (imageFormat(image) === 'png')
            check(report.baked === 'png', () => `a PNG was not reported as one (baked: ${report.baked})`)
          const forgery = await imageForgery(report, image)
          check(forgery === undefined, () => `${forgery}\nissues: ${issueList(report).join(', ')}`)
        }),
        fuzzParameters(200),
      )
    },
  )

  it(
    `baked SVGs and SVG-ish text: edited, re-encoded, random XML (seed ${SEED}): a report; verified only for the genuine credential`,
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      const { signed, context } = genuine['eddsa-rdfc-2022']
      const credentialText = (list: Parameters<typeof applyMutations>[1]) =>
        jsonOf(applyMutations(signed, list, context)) ?? ''
      const mutated = fc
        .tuple(fc.constantFrom('ldp' as const, 'jwt' as const), svgMutations(mutations(context, { maxLength: 2 })))
        .map(([which, list]) => applySvgMutations(svg[which], list, credentialText))
      const text = fc.oneof(
        { weight: 3, arbitrary: mutated },
        { weight: 2, arbitrary: svgIsh(JSON.stringify(signed), jwtContext.token) },
      )
      await fc.assert(
        fc.asyncProperty(text, svgEncoding, async (xml, encoding) => {
          const input = encodeSvg(xml, encoding)
          const report = await verifyOrFail(input)
          wellFormed(report)
          if (imageFormat(input) === 'svg')
            check(report.baked === 'svg', () => `an SVG was not reported as one (baked: ${report.baked})`)
          const forgery = await imageForgery(report, input)
          check(forgery === undefined, () => `${forgery}\nissues: ${issueList(report).join(', ')}`)
        }),
        fuzzParameters(200),
      )
    },
  )
})
