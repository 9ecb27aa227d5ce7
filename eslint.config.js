// The house rules that a machine can check (docs/architecture.md, DESIGN §6): the dependency rule as import
// boundaries, no `any`, no casts but `as const`, no clock where time must come from the engine.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Everything in src/ that is not allowed in a connector: the engine, the state store, the CLI, the readers. */
const ENGINE_INTERNALS = ['apply', 'cli', 'core', 'demo', 'engine', 'evidence', 'report', 'state'];

/** Relative imports a connector may not make, from its own folder (`../../src`) or its sandbox (`../../../src`). */
const connectorForbidden = (up) => [...ENGINE_INTERNALS.map((d) => `${up}src/${d}/*`), `${up}src/index.js`];

/** A connector reaches another connector's files only through the registry, which it never imports. */
const OTHER_CONNECTORS = readdirSync(new URL('./connectors', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * Folders of src/evidence whose files are private to them: the rest of the code imports only their index.js
 * (the readers; the usage summariser, whose one entry is `summariseUsage`; the stored form of use).
 */
const EVIDENCE_PRIVATE = ['readers', 'usage', 'stored-usage'];
const evidencePrivate = EVIDENCE_PRIVATE.map((d) => ({
  // A path into the folder from outside it (`./usage/x.js`, `../usage/x.js`, `../evidence/usage/x.js`) that is not
  // its index. A file inside imports its neighbours as `./x.js`, which this does not match.
  regex: `(^|/)${d}/(?!index\\.js$)`,
  message: `src/evidence/${d}/ is private to its folder: import its index.js.`,
}));

/** The connector registry and its loaders are the only way from src/ to a connector. */
const connectorsByRegistry = {
  group: ['**/connectors/*/**', '!**/connectors/index.js'],
  message:
    'src/ reaches connectors through the registry (connectors/index.js) or its loaders (connectors/loaders.js), ' +
    "never a connector's files.",
};

const noClock = {
  selector:
    "NewExpression[callee.name='Date'][arguments.length=0], " +
    "CallExpression[callee.object.name='Date'][callee.property.name='now']",
  message: 'No wall clock here: the time comes from the engine (ConnectorContext.now() / the as-of date).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tests/e2e/__screenshots__/**', 'fluencyflow-demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { '@stylistic': stylistic },
    rules: {
      // Prettier wraps code at 120 but leaves strings, template literals, regular expressions and comments as they
      // are: this holds them to the same width. A line with a URL may run over (a link is not split); a long
      // text is a concatenation or a named constant, a long pattern is joined from parts (tests/helpers/pattern.ts).
      // A test's title is a sentence read in the report: breaking it hurts more than the long line that opens it.
      '@stylistic/max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignorePattern: '^\\s*(it|test|describe)(\\.\\w+)*(\\(.*\\))?\\([\'"`]' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // `as const` is always allowed; every other assertion hides a payload that zod should have parsed.
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // TypeScript's definite-assignment analysis already covers what this rule finds; its reports here were all of a
      // safe default value overwritten on every path.
      'no-useless-assignment': 'off',
    },
  },
  {
    // The pure core: data in, decisions out. No I/O, no clock, nothing from the layers around it.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', '!node:crypto'], message: 'src/core is pure: no I/O (hashing with node:crypto only).' },
            // The error tree is plain classes with no I/O: core may throw a ConfigError naming the config path.
            {
              regex: '^\\.\\./(?!\\.\\./schemas/|errors\\.js$)',
              message: 'src/core imports only itself, schemas/ and the error tree.',
            },
            { group: ['axios', 'better-sqlite3', 'pg', 'soap', 'pino'], message: 'src/core is pure: no I/O.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', noClock],
    },
  },
  {
    // A connector: schemas, src/http, the error and interface types, the connector kit, and its own folder.
    files: ['connectors/*/*.ts'],
    ignores: ['connectors/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: connectorForbidden('../../'),
              message:
                'A connector imports only schemas, src/http, src/errors, src/logger, src/connector ' +
                'and src/connector-kit.',
            },
            {
              group: OTHER_CONNECTORS.map((c) => `../${c}/*`),
              message: "A connector never imports another connector's files.",
            },
            {
              group: ['better-sqlite3', 'pg'],
              message: 'A connector keeps no state of its own: the engine owns the state store.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', noClock],
    },
  },
  {
    // A connector's sandbox: the same rule one folder down (it may read the time: it plays the HRIS).
    files: ['connectors/*/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: connectorForbidden('../../../'),
              message: 'A sandbox imports only schemas, src/connector and its own connector folder.',
            },
            {
              group: OTHER_CONNECTORS.map((c) => `../../${c}/*`),
              message: "A sandbox never imports another connector's files.",
            },
          ],
        },
      ],
    },
  },
  {
    // The engine and everything else in src/ reach connectors through the registry only, and the folders of
    // src/evidence through their index.
    files: ['src/**/*.ts'],
    ignores: ['src/core/**', 'src/evidence/readers/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [connectorsByRegistry, ...evidencePrivate] }] },
  },
  {
    // The readers are the bottom of src/evidence: they turn files into records and know nothing of what sums or
    // stores them.
    files: ['src/evidence/readers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            connectorsByRegistry,
            {
              regex: '^\\.\\./(\\.\\./)?(usage|stored-usage)/|^\\.\\./(\\.\\./)?(import|load)\\.js$',
              message: 'The readers import nothing of the usage summariser, the stored form of use, import or load.',
            },
          ],
        },
      ],
    },
  },
  {
    // A module variable is shared by every caller in the process (two imports at once would share it): evidence
    // code keeps its state in objects its callers own.
    files: ['src/evidence/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ":matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind!='const']",
          message: 'No module-level mutable state: keep it in an object the caller owns.',
        },
      ],
    },
  },
  {
    // Tests and benchmarks may reach into anything, print, and read the clock.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
