/**
 * The marketplace's timed work, run by the server: unpaid bank-transfer orders past their time
 * to pay expire and give their stock back (orders.service.ts expireUnpaidOrders), and stock held
 * by a checkout whose process died before writing its orders is given back (checkout.service.ts
 * releaseStaleHolds), once a minute.
 */
import { makeCtx, systemActor, type Deps } from '../../context';
import { expireUnpaidOrders } from './orders.service';
import { releaseStaleHolds } from './checkout.service';

export const ORDER_EXPIRY_INTERVAL_MS = 60_000;

export function scheduleOrderExpiry(deps: Deps, log: (msg: string, err?: unknown) => void, intervalMs = ORDER_EXPIRY_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const ctx = makeCtx(deps, { actor: systemActor('order expiry') });
      const n = await expireUnpaidOrders(ctx);
      if (n) log(`marketplace: ${n} unpaid order(s) expired, their stock released`);
      const held = await releaseStaleHolds(ctx);
      if (held) log(`marketplace: stock of ${held} abandoned checkout hold(s) given back`);
    } catch (e) {
      log('marketplace: expiring unpaid orders failed', e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
