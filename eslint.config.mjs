// Lint setup of @grafana/create-plugin's .config/eslint.config.mjs, applied to the whole
// repository; type-aware rules run on the browser code, which tsconfig.json covers.
import { defineConfig, globalIgnores } from 'eslint/config';
import grafanaConfig from '@grafana/eslint-config';

export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    'dist/',
    'build/',
    'coverage/',
    '.data/',
    'test-results/',
    '**/.eslintcache',
  ]),
  ...grafanaConfig,
  {
    // ESLint only picks up .js/.mjs/.cjs by itself; this makes `eslint .` cover TypeScript too.
    files: ['**/*.{ts,tsx}'],
  },
  {
    rules: {
      'react/prop-types': 'off',
      // JSX compiles to react/jsx-runtime (tsconfig "jsx": "react-jsx"): React need not be in scope.
      'react/react-in-jsx-scope': 'off',
      'react/jsx-uses-react': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/collector/**', 'src/cli/**'],
    languageOptions: {
      parserOptions: {
        project: './tsconfig.json',
      },
    },
    rules: {
      '@typescript-eslint/no-deprecated': 'warn',
    },
  },
  {
    // The Node side (collector, CLI, scripts, tests) writes one-line guards without braces;
    // braces stay required wherever a body spans lines.
    files: ['src/collector/**', 'src/cli/**', 'src/contract/**', 'scripts/**', 'tests/**'],
    rules: {
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The stand-in host plays Grafana core, which itself provides moment to plugins, and loads
    // plugin modules asynchronously in effects the way Grafana's own pages do.
    files: ['tests/grafana-host/**'],
    rules: {
      'no-restricted-imports': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
    },
  },
]);
