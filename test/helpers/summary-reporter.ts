import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends a run with one plain line, "tests: N passed, N failed, N skipped", which CI reads whatever the
 * runner; vitest's own summary stays above it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") count.passed += 1;
        else if (state === "failed") count.failed += 1;
        else count.skipped += 1;
      }
      // A file that failed to load has no tests to count, so count it as a failure.
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) count.failed += 1;
    }
    process.stdout.write(
      `\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`,
    );
  }
}
