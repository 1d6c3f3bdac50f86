// Lint: typescript-eslint's type-checked rules on src/ and the tests (run by `npm run lint`, and in .ci/run).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/*.mjs', 'dist/**', 'coverage/**', 'node_modules/**', '.cache/**', 'scripts/**', 'bin/**', 'examples/**', 'schemas/**', '*.config.js', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Functions that satisfy an async interface (a RegistryClient, a Journal, a command action) need not await.
      '@typescript-eslint/require-await': 'off',
      // srx strips control characters and escape sequences out of registry text on purpose (hostile answers).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read JSON outputs and registry answers as loose data (`run.json()` is `any`): the any family would flag
    // every such read. Tests match control characters (ANSI, hostile names) on purpose.
    files: ['__tests__/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
