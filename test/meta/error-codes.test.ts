/**
 * Every error code microcred can emit is documented and exercised by at least one test elsewhere in the
 * suite (the guard fails as soon as a code is added without a negative test). A code counts as exercised only
 * where a test's code names it in a string (an expected code, a matcher): a mention in a comment does not count.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/index.js'
import { ROOT } from '../helpers/files.js'

/** The text of every string literal, template part and regular expression in a TypeScript source (by the compiler's scanner), comments left out. */
function stringsIn(source: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, source)
  const strings: string[] = []
  // What each open `{` belongs to: a block or object, or a template's `${` (whose `}` continues the template).
  const braces: ('block' | 'template')[] = []
  // A `/` starts a regular expression unless it follows something a division could follow.
  const operand = new Set([
    ts.SyntaxKind.Identifier,
    ts.SyntaxKind.NumericLiteral,
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.CloseParenToken,
    ts.SyntaxKind.CloseBracketToken,
    ts.SyntaxKind.CloseBraceToken,
    ts.SyntaxKind.TemplateTail,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.ThisKeyword,
  ])
  let previous = ts.SyntaxKind.Unknown
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.OpenBraceToken) braces.push('block')
    else if (token === ts.SyntaxKind.CloseBraceToken && braces.pop() === 'template')
      token = scanner.reScanTemplateToken(false)
    else if ((token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) && !operand.has(previous))
      token = scanner.reScanSlashToken()
    if (token === ts.SyntaxKind.TemplateHead || token === ts.SyntaxKind.TemplateMiddle) braces.push('template')
    if (
      token === ts.SyntaxKind.StringLiteral ||
      token === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      token === ts.SyntaxKind.TemplateHead ||
      token === ts.SyntaxKind.TemplateMiddle ||
      token === ts.SyntaxKind.TemplateTail ||
      token === ts.SyntaxKind.RegularExpressionLiteral
    ) {
      strings.push(scanner.getTokenValue())
    }
    previous = token
  }
  return strings
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'meta' ? [] : testFiles(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

const testStrings = testFiles(join(ROOT, 'test'))
  .flatMap((file) => stringsIn(readFileSync(file, 'utf8')))
  .join('\n')
const errorsSource = readFileSync(join(ROOT, 'src', 'errors.ts'), 'utf8')

describe('error codes', () => {
  it.each([...ERROR_CODES])('%s is asserted by a test', (code) => {
    expect(testStrings).toMatch(new RegExp(`\\b${code}\\b`))
  })

  it('counts strings, not comments', () => {
    const strings = stringsIn(
      "// ERR_A in a comment\n/* ERR_B */ expect(x).toBe('ERR_C'); const t = `${a}ERR_D${ { b: 1 }.b }`; /ERR_E/.test(y)\nif (a) { n = 4 / 2 } // ERR_F, after a block and a division\nconst u = `x${f(`ERR_G`)}y`",
    )
    expect(strings.join(' ')).not.toMatch(/ERR_A|ERR_B|ERR_F/)
    for (const code of ['ERR_C', 'ERR_D', 'ERR_E', 'ERR_G']) expect(strings.join(' ')).toContain(code)
  })

  it.each([...ERROR_CODES])('%s is documented in the MicrocredErrorCode table', (code) => {
    expect(errorsSource).toContain(`| \`${code}\` |`)
  })
})
