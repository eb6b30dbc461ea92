// Lint: typescript-eslint's strict type-checked and stylistic type-checked rules over the sources, tests and scripts.
// Formatting is prettier's (npm run format:check); eslint-config-prettier is not needed since these presets hold no
// formatting rules.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    // test/vectors/*/ holds copied data only (SOURCES.md); the tests beside it are ours and are linted.
    ignores: ['dist/', 'docs/', 'coverage/', '.tmp/', 'node_modules/', 'test/vectors/*/', 'test/fixtures/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers in messages (`${count} rows`) are the common case and print as expected.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Bracket access marks a record read from outside (a credential's members); dot access stays for typed objects.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // A name starting with `_` is unused on purpose: a member destructured out to leave the rest
      // (`const { proof: _proof, ...unsigned } = credential`), or a parameter a callback's signature requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Tests (and the benchmark and attack scripts) read credentials as untyped JSON and hand the API ill-typed input
    // on purpose (that is what they test); the type-safety rules for `any` and `!` would only add casts there, not
    // safety. The library's sources and the examples keep them.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Stubs of async interfaces (a loader, a store) are written `async` to match, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // .cjs files are CommonJS (`module.exports`, `require`): the presets above set every file to ES modules.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
)
