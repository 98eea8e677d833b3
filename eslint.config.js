// Lint rules, including the architecture's dependency rules (see ARCHITECTURE.md):
// the domain imports nothing of the server, the web app or Node; the web app never imports the
// server; the server never imports the web app.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'stream',
  'util',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'tmp/**',
      'packages/server/migrations/**',
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
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No focused tests.',
        },
      ],
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@truceline/server',
                '@truceline/server/*',
                '@truceline/web',
                '@truceline/web/*',
                '**/server/**',
                '**/web/**',
              ],
              message: 'The domain imports nothing of the server or the web app.',
            },
            {
              group: nodeBuiltins,
              message: 'The domain has no I/O and runs in the browser: no Node built-ins.',
            },
            {
              group: [
                'drizzle-orm',
                'drizzle-orm/*',
                'fastify',
                'pg',
                '@electric-sql/*',
                'pg-boss',
                'react',
                'react-dom',
              ],
              message: 'The domain depends on no framework or database.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@truceline/server', '@truceline/server/*', '**/server/**'],
              message: 'The web app talks to the server over HTTP only.',
            },
            { group: nodeBuiltins, message: 'The web app runs in the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@truceline/web', '@truceline/web/*', '**/web/src/**'],
              message: 'The server does not import the web app.',
            },
          ],
        },
      ],
    },
  },
);
