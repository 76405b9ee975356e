/**
 * The marketplace's timed work, run by the server: unpaid bank-transfer orders past their time
 * to pay expire and give their stock back (orders.service.ts expireUnpaidOrders), once a minute.
 */
import { makeCtx, systemActor, type Deps } from '../../context';
import { expireUnpaidOrders } from './orders.service';

export const ORDER_EXPIRY_INTERVAL_MS = 60_000;

export function scheduleOrderExpiry(deps: Deps, log: (msg: string, err?: unknown) => void, intervalMs = ORDER_EXPIRY_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const n = await expireUnpaidOrders(makeCtx(deps, { actor: systemActor('order expiry') }));
      if (n) log(`marketplace: ${n} unpaid order(s) expired, their stock released`);
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
