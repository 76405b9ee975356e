/** The per-IP limit of verification requests: the API and the page each have one such budget. */
export { IpLimiter as VerifyLimiter } from '../../web/ip-limiter';

/** Verifications per IP per minute (a shop checking its shelf stays far below; shared mobile IPs have room). */
export const VERIFY_RATE_LIMIT = 300;
