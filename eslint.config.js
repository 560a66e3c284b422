// @ts-check
/**
 * Lint, including the import borders between rooms from design.md: each room may import only
 * what its row in the design allows. A border crossed is an error, not a warning.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Import patterns that reach into the given rooms. */
const into = (...names) =>
  names.flatMap((name) =>
    name === 'renderer'
      ? ['**/renderer/**', '**/renderer']
      : [`**/app/${name}`, `**/app/${name}/**`, `**/${name}/**`, `../${name}`, `../../${name}`],
  );
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
];

/**
 * The rooms inside app/core, lowest first (app/core/README.md). A room imports another only
 * through its index.ts, and only a room below it in this list: no cycles, nothing reaching back.
 * The composition files at app/core's top (create-core, core-handlers, core-lifecycle) use any.
 */
const CORE_ROOMS = [
  'errors',
  'log',
  'engine',
  'store',
  'videodb',
  'secrets',
  'settings',
  'media',
  'connectivity',
  'export',
  'jobs',
  'library',
  'downloads',
  'uploads',
  'multiclip',
  'compare',
];
const coreRoomRules = CORE_ROOMS.map((room, i) => {
  const above = CORE_ROOMS.slice(i + 1);
  return {
    files: [`app/core/${room}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react'],
          patterns: [
            {
              group: into('main', 'preload', 'preview', 'renderer'),
              message:
                'app/core is plain Node: electron and the UI rooms are injected, never imported.',
            },
            {
              regex: '^\\.\\./(?!\\.\\.)[^/]+/.+',
              message: `Another core room is imported through its index.ts only (e.g. '../videodb', not '../videodb/errors').`,
            },
            ...(above.length > 0
              ? [
                  {
                    regex: `^\\.\\./(${above.join('|')})$`,
                    message: `'${room}' sits below ${above.join(', ')} in app/core/README.md's room order: it may not import them.`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
});

/** Build a no-restricted-imports rule for a room. */
const border = (message, patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths,
      patterns: [{ group: patterns, message, allowTypeImports: false }],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'test/artifacts/**',
      'test-results/**',
      'playwright-report/**',
      'test/server/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['app/shared/**/*.ts'],
    rules: border('app/shared is pure: no node, electron, DOM or other rooms.', [
      ...nodeBuiltins,
      'electron',
      'react',
      'undici',
      ...into('core', 'main', 'preload', 'preview', 'renderer'),
    ]),
  },
  {
    files: ['app/core/**/*.ts'],
    rules: {
      ...border('app/core is plain Node: electron and the UI rooms are injected, never imported.', [
        'electron',
        'react',
        ...into('main', 'preload', 'preview', 'renderer'),
      ]),
    },
  },
  ...coreRoomRules,
  {
    files: ['app/main/**/*.ts', 'app/preview/**/*.ts'],
    ignores: ['app/preview/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+core/(?!types$).+',
              message:
                'main and the preview use the core through app/core/index.ts (and its types) only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/main/**/*.ts'],
    ignores: ['app/main/ipc/**'],
    rules: border(
      'main may not reach into the renderer or preview; ipcMain lives in app/main/ipc only.',
      into('preview', 'renderer', 'preload'),
      [
        {
          name: 'electron',
          importNames: ['ipcMain', 'ipcRenderer'],
          message: 'ipcMain is used only in app/main/ipc.',
        },
      ],
    ),
  },
  {
    files: ['app/main/ipc/**/*.ts'],
    rules: border(
      'main may not reach into the renderer or preview.',
      into('preview', 'renderer', 'preload'),
    ),
  },
  {
    files: ['app/preload/**/*.ts'],
    rules: border('preload only bridges the contract: electron and app/shared, nothing else.', [
      ...nodeBuiltins,
      'react',
      'undici',
      'zod',
      ...into('core', 'main', 'preview', 'renderer'),
    ]),
  },
  {
    files: ['app/preview/**/*.ts'],
    rules: border('preview runs the core without electron.', [
      'electron',
      'react',
      ...into('main', 'preload', 'renderer'),
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'app/preview/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: border('The renderer talks only to window.api; it may import app/shared types only.', [
      ...nodeBuiltins,
      'electron',
      'undici',
      'keytar',
      ...into('core', 'main', 'preload', 'preview'),
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', '*.config.{ts,js}', 'build/**/*.{js,cjs,mjs,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
