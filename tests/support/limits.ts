/**
 * Rate limits out of the way, for tests and benchmarks that send thousands of scans with one kiosk
 * token or register hundreds of attendees at once (tests/security checks the real limits). Apart
 * from app.ts, which loads vitest: the compiled bench server (bench/scan-server.ts) imports it too.
 */
export const RAISED_LIMITS: Record<string, string> = Object.fromEntries(
  ['SIGN_IN', 'SIGN_IN_ADDRESS', 'PIN', 'PIN_ADDRESS', 'PAIRING', 'SCANS_PER_SECOND', 'SCAN_BURST', 'TYPED_NUMBERS', 'ATTENDEES', 'READS'].map((n) => [`LIMIT_${n}`, '1000000000']),
);
