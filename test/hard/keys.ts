/**
 * Distinctive API keys used by the hard-case suite and the benchmark. Each is long and unusual so
 * the key-hygiene test can search every file written for it without false positives.
 */

/** Key of the soak test's server. */
export const SOAK_API_KEY = 'sk-soak-HYGIENE-4f1c9e27b3d84a6059e2';
/** Key of the hostile-answers server. */
export const HOSTILE_API_KEY = 'sk-hostile-HYGIENE-8a2d7c51e09f43b6d1';
/** Key the benchmark uses for its local servers. */
export const BENCH_API_KEY = 'sk-bench-HYGIENE-5e8b0a3f71c942d6e7a';

/** Every key above, for the scan. */
export const ALL_TEST_KEYS: readonly string[] = [SOAK_API_KEY, HOSTILE_API_KEY, BENCH_API_KEY];
