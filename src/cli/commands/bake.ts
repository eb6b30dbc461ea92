/** `microcred bake` and `microcred extract`: credentials in PNG and SVG badge images (OB 3.0 §5.3 "Baking"). */
import type { Command } from 'commander'
import { imageFormat } from '../../bake/image.js'
import { bakePng, extractFromPng } from '../../bake/png.js'
import { bakeSvg, extractFromSvg } from '../../bake/svg.js'
import { svgBytesLike } from '../../bake/encoding.js'
import { isMicrocredError } from '../../errors.js'
import { looksLikeCompactJws } from '../../proof/jwt/format.js'
import { isJsonObject } from '../../util/json.js'
import { assertWritable, EXIT, parseJson, readInput, readText, UsageError, writeResult } from '../io.js'

async function readImage(file: string): Promise<{ bytes: Uint8Array; type: 'png' | 'svg' }> {
  const bytes = await readInput(file)
  const type = imageFormat(bytes)
  if (type === undefined) throw new UsageError(`${file}: not a PNG or SVG image`)
  return { bytes, type }
}

export function registerBake(program: Command): void {
  program
    .command('bake')
    .description('bake a signed credential (JSON or VC-JWT) into a PNG or SVG badge image')
    .argument('<image>', 'PNG or SVG file')
    .argument('<credential>', 'signed credential: JSON with a proof, or a VC-JWT ("-" reads stdin)')
    .option('-o, --out <file>', 'the baked image (default stdout, when redirected)')
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nBaking again replaces the credential already in the image.\n\nExample:\n  microcred bake badge.png credential.json --out badge-ada.png',
    )
    .action(async (imageFile: string, credentialFile: string, options: { out?: string; force?: boolean }) => {
      assertWritable(options.out, options.force)
      const image = await readImage(imageFile)
      const text = (await readText(credentialFile)).trim()
      let credential: object | string = text
      if (!looksLikeCompactJws(text)) {
        const value = parseJson(text, credentialFile)
        if (!isJsonObject(value))
          throw new UsageError(`${credentialFile}: expected a signed credential (JSON object) or a VC-JWT`)
        credential = value
      }
      const baked =
        image.type === 'png'
          ? bakePng(image.bytes, credential)
          : svgBytesLike(image.bytes, bakeSvg(image.bytes, credential))
      await writeResult(options.out, baked, { force: options.force === true, binary: image.type === 'png' })
    })

  program
    .command('extract')
    .description('print the credential baked into a PNG or SVG image; exit 1 when there is no OB 3.0 credential in it')
    .argument('<image>', 'PNG or SVG file ("-" reads stdin)')
    .option('-o, --out <file>', 'write the credential here instead of stdout')
    .option('--force', 'replace --out if it exists')
    .action(async (file: string, options: { out?: string; force?: boolean }) => {
      const image = await readImage(file)
      let baked
      try {
        baked = image.type === 'png' ? extractFromPng(image.bytes) : extractFromSvg(image.bytes)
      } catch (error) {
        if (isMicrocredError(error) && error.code === 'ERR_NOT_BAKED') {
          process.stderr.write(`microcred: ${file}: ${error.message}\n`)
          process.exitCode = EXIT.failed
          return
        }
        throw error
      }
      if (baked.version !== 'ob3') {
        process.stderr.write(`microcred: ${file}: ${baked.description}\n`)
        process.exitCode = EXIT.failed
        return
      }
      const output = baked.format === 'jwt' ? `${baked.jwt}\n` : `${JSON.stringify(baked.credential, null, 2)}\n`
      await writeResult(options.out, output, { force: options.force === true })
    })
}
