/**
 * Turns Ajv's raw errors into root causes. Hand-written because no library does this for coded, located
 * issues: Ajv reports every failed `oneOf` branch (a wall of noise for `issuer`, `identityType`...), and the
 * error-formatting libraries produce text for people, not `{ code, path }` records.
 *
 * The rule for `oneOf`/`anyOf`: re-validate the value against each alternative on its own, drop alternatives
 * whose basic JSON type does not match, and report what is wrong under the closest remaining one. A value
 * matching no alternative's type gets one "must be a string or an object" finding.
 */
import type { ErrorObject } from 'ajv'
import { pointerToSegments } from '../util/path.js'
import { isJsonObject } from '../util/json.js'

/**
 * A JSON Schema validator (Ajv's, with `allErrors` and `verbose`): true when `data` is valid, else `errors` says why.
 *
 * @example
 * ```ts
 * const valid: SchemaValidator = (data) => data !== null
 * ```
 */
export interface SchemaValidator {
  (data: unknown): boolean
  errors?: readonly ErrorObject[] | null
}

/**
 * What the distiller needs of a compiled schema: its validator, and one for each `oneOf`/`anyOf` alternative, so it
 * can ask "what is wrong with this value under this alternative?". An alternative is validated on its own, with the
 * `$defs` of the schema it comes from (where its `$ref`s, all `#/$defs/...` in the bundled schemas, point).
 *
 * @example
 * ```ts
 * schemaFindings(compiledSchemaFor(OB_PROFILE_SCHEMA), profile)
 * ```
 */
export interface SchemaValidators {
  readonly validate: SchemaValidator
  /** The validator of an alternative, given its schema object as a `oneOf`/`anyOf` error's `schema` lists it. */
  alternative(schema: unknown): SchemaValidator
}

/** One distilled schema problem. */
export interface SchemaFinding {
  /** What kind: `required`, `type`, `value` (enum, const, pattern, format, range...) or `additional`. */
  kind: 'required' | 'type' | 'value' | 'additional'
  /** Path segments of the offending (or missing) value, from the validated document's root. */
  segments: (string | number)[]
  /** Human explanation (without the path). */
  message: string
  /** `title` of the schema that failed, when it has one (the EU profile names its elements there). */
  title?: string
  /** For a `type` finding: the JSON types the schema expects there (`array`, `object`...). */
  expected?: string[]
}

type Segments = (string | number)[]

/**
 * Validates `data` and returns its distilled findings.
 *
 * @param schema - the compiled schema and its alternatives.
 * @param data - the value to validate.
 * @param base - path of `data` in the whole document.
 * @example
 * ```ts
 * schemaFindings(compiledSchemaFor(EU_MICROCREDENTIAL_SCHEMA), credential) // [{ kind: 'required', segments: [...] }]
 * ```
 */
export function schemaFindings(schema: SchemaValidators, data: unknown, base: Segments = []): SchemaFinding[] {
  const { validate } = schema
  if (validate(data)) return []
  return distill(validate.errors ?? [], data, base, schema)
}

function distill(
  errors: readonly ErrorObject[],
  data: unknown,
  base: Segments,
  schema: SchemaValidators,
): SchemaFinding[] {
  // Ajv appends a failed oneOf/anyOf error right after the errors of all its branches; those branch errors sit
  // at (or under) the same instance path just before it. Replace that block by the distilled alternative.
  const out: { error?: ErrorObject; finding: SchemaFinding; pointer: string }[] = []
  for (const error of errors) {
    if (error.keyword === 'contains') {
      // Ajv also reports each item that does not match `contains`; the `contains` error alone is the cause.
      popWhile(out, (entry) => entry.pointer.startsWith(`${error.instancePath}/`))
    }
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      popWhile(out, (entry) => isAtOrUnder(entry.pointer, error.instancePath))
      const value = valueAt(data, error.instancePath)
      const segments = [...base, ...pointerToSegments(error.instancePath, data)]
      for (const finding of distillAlternatives(error, value, segments, schema)) {
        out.push({ finding, pointer: error.instancePath })
      }
      continue
    }
    const finding = describe(error, data, base)
    if (finding !== undefined) out.push({ error, finding, pointer: error.instancePath })
  }
  return dedupe(out.map((entry) => entry.finding))
}

/** Removes entries from the end of `list` while `test` holds for the last one. */
function popWhile<T>(list: T[], test: (entry: T) => boolean): void {
  for (let last = list.at(-1); last !== undefined && test(last); last = list.at(-1)) list.pop()
}

function distillAlternatives(
  error: ErrorObject,
  value: unknown,
  segments: Segments,
  schema: SchemaValidators,
): SchemaFinding[] {
  const branches = Array.isArray(error.schema) ? (error.schema as unknown[]) : []
  const title = titleOf(error.parentSchema)
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas
  if (error.keyword === 'oneOf' && Array.isArray(passing)) {
    return [
      { kind: 'value', segments, message: `${label(segments)} matches more than one of its allowed forms`, title },
    ]
  }

  const candidates = branches.map((branch) => {
    const validate = schema.alternative(branch)
    validate(value)
    const findings = distill(validate.errors ?? [], value, segments, schema)
    const rootTypeMismatch = (validate.errors ?? []).some((e) => e.keyword === 'type' && e.instancePath === '')
    return { branch, findings, rootTypeMismatch }
  })

  const applicable = candidates.filter((candidate) => !candidate.rootTypeMismatch)
  if (applicable.length === 0) {
    const expected = unique(branches.flatMap((branch) => jsonTypesOf(branch)))
    return [
      {
        kind: 'type',
        segments,
        message: `${label(segments)} must be ${typeList(expected)}, not ${article(jsonType(value))}`,
        title,
        expected,
      },
    ]
  }

  // Alternatives that each only ask for missing members (as in "credits and credit system, or hours"):
  // one finding naming every way to satisfy them.
  const depth = segments.length
  if (
    applicable.length > 1 &&
    applicable.every(
      (c) => c.findings.length > 0 && c.findings.every((f) => f.kind === 'required' && f.segments.length === depth + 1),
    )
  ) {
    const options = applicable.map((c) => c.findings.map((f) => quote(String(f.segments.at(-1)))).join(' and '))
    const branchTitle = applicable.map((c) => titleOf(c.branch)).find((t) => t !== undefined)
    return [
      {
        kind: 'required',
        segments,
        message: `${label(segments)} needs ${options.join(', or ')}`,
        title: branchTitle ?? title,
      },
    ]
  }
  // Alternatives of the right type that each only reject the value itself (an enum or a pattern, as in
  // `identityType`): one finding listing everything that would have been accepted.
  if (
    applicable.length > 1 &&
    applicable.every((c) => c.findings.every((f) => f.kind === 'value' && f.segments.length === depth))
  ) {
    const accepted = applicable.map((c) => describeAccepted(c.branch)).filter((text) => text !== '')
    return [
      {
        kind: 'value',
        segments,
        message: `${label(segments)} ${shown(value)} is not allowed: expected ${accepted.join(', or ')}`,
        title,
      },
    ]
  }

  // Otherwise the closest alternative: fewest findings, and among those the one whose findings reach deepest
  // (the caller evidently meant that form).
  const score = (c: (typeof applicable)[number]) => Math.max(0, ...c.findings.map((f) => f.segments.length))
  const closest = applicable.reduce((best, c) =>
    c.findings.length < best.findings.length || (c.findings.length === best.findings.length && score(c) > score(best))
      ? c
      : best,
  )
  return closest.findings.map((f) => (f.title === undefined && title !== undefined ? { ...f, title } : f))
}

function describe(error: ErrorObject, data: unknown, base: Segments): SchemaFinding | undefined {
  const segments = [...base, ...pointerToSegments(error.instancePath, data)]
  const title = titleOf(error.parentSchema)
  const params = error.params as Record<string, unknown>
  const value = error.data
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty'])
      const field = [...segments, missing]
      const propertySchema = isJsonObject(error.parentSchema)
        ? (error.parentSchema['properties'] as Record<string, unknown> | undefined)?.[missing]
        : undefined
      return {
        kind: 'required',
        segments: field,
        message: `${quote(missing)} is required`,
        title: titleOf(propertySchema) ?? title,
      }
    }
    case 'type': {
      const expected = String(params['type']).split(',')
      const required =
        isJsonObject(error.parentSchema) && Array.isArray(error.parentSchema['required'])
          ? (error.parentSchema['required'] as string[])
          : []
      const shape = expected.includes('object') && required.length > 0 ? ` with ${required.map(quote).join(', ')}` : ''
      return {
        kind: 'type',
        segments,
        message: `${label(segments)} must be ${typeList(expected)}${shape}, not ${article(jsonType(value))}`,
        title,
        expected,
      }
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty'])
      return {
        kind: 'additional',
        segments: [...segments, extra],
        message: `${quote(extra)} is not allowed in ${label(segments)}`,
        title,
      }
    }
    case 'enum':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} ${shown(value)} is not allowed: expected ${listOf((params['allowedValues'] as unknown[] | undefined) ?? [])}`,
        title,
      }
    case 'const':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} must be ${shown(params['allowedValue'])}, not ${shown(value)}`,
        title,
      }
    case 'pattern':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} ${shown(value)} does not have the required form ${String(params['pattern'])}`,
        title,
      }
    case 'format':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} ${shown(value)} is not ${formatName(String(params['format']))}`,
        title,
      }
    case 'contains':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} must contain ${describeAccepted(error.schema)}`,
        title,
      }
    case 'minItems': {
      const limit = Number(params['limit'])
      const kind = limit === 1 && Array.isArray(value) && value.length === 0 ? 'required' : 'value'
      return {
        kind,
        segments,
        message: `${label(segments)} must have at least ${limit} item${limit === 1 ? '' : 's'}`,
        title,
      }
    }
    case 'maxItems':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} must have at most ${String(params['limit'])} items`,
        title,
      }
    case 'minLength':
      return Number(params['limit']) === 1
        ? { kind: 'value', segments, message: `${label(segments)} must not be empty`, title }
        : {
            kind: 'value',
            segments,
            message: `${label(segments)} must be at least ${String(params['limit'])} characters long`,
            title,
          }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        kind: 'value',
        segments,
        message: `${label(segments)} must be ${String(params['comparison'])} ${String(params['limit'])}, not ${shown(value)}`,
        title,
      }
    case 'if':
    case 'not':
    case 'allOf':
    case 'items':
    case 'additionalItems':
    case 'unevaluatedProperties':
    case 'unevaluatedItems':
      // Wrappers: the errors of their subschemas (reported separately) say what is wrong.
      return undefined
    default:
      return { kind: 'value', segments, message: `${label(segments)} ${error.message ?? 'is invalid'}`, title }
  }
}

function describeAccepted(schema: unknown): string {
  if (!isJsonObject(schema)) return ''
  if ('const' in schema) return shown(schema['const'])
  if (Array.isArray(schema['enum'])) return listOf(schema['enum'])
  if (typeof schema['pattern'] === 'string') return `a value of the form ${schema['pattern']}`
  if (typeof schema['type'] === 'string') return article(schema['type'])
  return ''
}

function jsonTypesOf(schema: unknown): string[] {
  if (!isJsonObject(schema)) return []
  const type = schema['type']
  if (typeof type === 'string') return [type]
  if (Array.isArray(type)) return type.map(String)
  if (typeof schema['$ref'] === 'string') return ['object']
  return []
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'number'
  return typeof value
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`
}

function typeList(types: readonly string[]): string {
  const named = unique(types.map((t) => (t === 'integer' ? 'number' : t))).map(article)
  return named.length <= 1 ? (named[0] ?? 'something else') : `${named.slice(0, -1).join(', ')} or ${named.at(-1)}`
}

function formatName(format: string): string {
  switch (format) {
    case 'date-time':
      return 'a date-time with a time zone (RFC 3339, e.g. 2024-06-30T00:00:00Z)'
    case 'date':
      return 'a date (YYYY-MM-DD)'
    case 'uri':
      return 'an absolute URI'
    case 'email':
      return 'an e-mail address'
    default:
      return `a valid ${format}`
  }
}

function label(segments: Segments): string {
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]
    if (typeof segment === 'string') return i === segments.length - 1 ? quote(segment) : `${quote(segment)} item`
  }
  return 'the document'
}

function quote(text: string): string {
  return `"${text}"`
}

function shown(value: unknown): string {
  // JSON.stringify() gives undefined for undefined, functions and symbols, whatever its declared type says.
  const text = (JSON.stringify(value) as string | undefined) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

function listOf(values: readonly unknown[]): string {
  const items = values.map(shown)
  if (items.length > 12) return `one of ${items.slice(0, 12).join(', ')}, ... (${items.length} values)`
  const [only] = items
  return items.length === 1 && only !== undefined ? only : `one of ${items.join(', ')}`
}

function titleOf(schema: unknown): string | undefined {
  return isJsonObject(schema) && typeof schema['title'] === 'string' ? schema['title'] : undefined
}

function isAtOrUnder(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(`${parent}/`)
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data
  for (const segment of pointerToSegments(pointer, data)) {
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined
  }
  return node
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}

function dedupe(findings: readonly SchemaFinding[]): SchemaFinding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.kind}|${JSON.stringify(f.segments)}|${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
