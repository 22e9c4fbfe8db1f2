import { writeFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import type { ProjectConfig, Reporter, TestModule } from 'vitest/node';

// Options every test file needs, repeated in each project instead of inherited
// with `extends: true`: a project that extends the root config also inherits its
// globalSetup, and vitest 4 would then start PostgreSQL and Redis once for the
// root and once more for each project. Root-level values reach the projects
// only through what the global setup provides.
const shared = {
  include: ['test/**/*.test.ts'],
  // Every test file boots the whole server and a database, and the build
  // machines have two cores: more workers only make files wait on each other.
  pool: 'forks',
  maxWorkers: 2,
  // Generous bounds: a test waits for conditions (polling), never for a fixed time, and on a busy build
  // machine a test that takes 10 s when quiet can take several times that. A hang still fails.
  testTimeout: 120_000,
  hookTimeout: 120_000,
} satisfies ProjectConfig;

// graphql is published as both ESM and CommonJS; without this alias the schema built by Pothos and the
// graphql functions a test imports can come from different copies ("Cannot use GraphQLObjectType from
// another module or realm").
const resolve = { alias: { graphql: 'graphql/index.js' } };

interface ProjectSummary {
  files: number;
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Writes per-project counts to $TEST_SUMMARY_FILE, so that CI can prove both
 * database back ends ran and nothing was skipped. The JSON reporter cannot do
 * this: it does not say which project a result belongs to.
 */
function projectSummaryReporter(file: string): Reporter {
  return {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors, reason) {
      const projects: Record<string, ProjectSummary> = {};
      for (const module of testModules) {
        const summary = (projects[module.project.name] ??= { files: 0, passed: 0, failed: 0, skipped: 0 });
        summary.files += 1;
        // A file that fails to load or a failing hook has errors but maybe no failed test.
        summary.failed += [module, ...module.children.allSuites()].filter((suite) => suite.errors().length > 0).length;
        for (const test of module.children.allTests()) {
          const { state } = test.result();
          if (state === 'passed') summary.passed += 1;
          else if (state === 'failed') summary.failed += 1;
          else summary.skipped += 1;
        }
      }
      writeFileSync(file, JSON.stringify({ reason, unhandledErrors: unhandledErrors.length, projects }, null, 2));
    },
  };
}

const summaryFile = process.env.TEST_SUMMARY_FILE;

export default defineConfig({
  resolve,
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    pool: shared.pool,
    maxWorkers: shared.maxWorkers,
    reporters: summaryFile ? ['default', projectSummaryReporter(summaryFile)] : ['default'],
    projects: [
      {
        resolve,
        test: {
          ...shared,
          name: 'pglite',
          env: { TEST_DATABASE: 'pglite' },
          // Several instances on one database need a database server: PGlite lives inside one process.
          exclude: [...configDefaults.exclude, 'test/scale-out/**'],
        },
      },
      {
        resolve,
        test: {
          ...shared,
          name: 'postgres',
          env: { TEST_DATABASE: 'postgres' },
          // Tests about the embedded mode itself have nothing to check on PostgreSQL.
          exclude: [...configDefaults.exclude, 'test/embedded/**'],
        },
      },
    ],
  },
});
