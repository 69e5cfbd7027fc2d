/**
 * `npm run bench -- --quick` (or `npm run bench:quick`): small sizes and few
 * repetitions, so CI runs every benchmark and they never rot. Quick figures are
 * reported like full ones; targets are judged only in the full mode.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
