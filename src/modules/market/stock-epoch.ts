/**
 * A count of the times this process put stock back on the shelf (holds given back, an order
 * cancelled or expired, a seller's edit of a variant). The checkout desk's memory of variants it
 * saw sold out holds only while the count stands (checkout-desk.ts): stock that came back in this
 * process is never answered "out of stock" from memory. Per app (its Deps).
 */
import type { Deps } from '../../context';

const epochs = new WeakMap<Deps, number>();

export const stockEpoch = (deps: Deps): number => epochs.get(deps) ?? 0;

/** Stock may have come back: what the desk remembers as sold out is forgotten. */
export function stockMayHaveComeBack(deps: Deps): void {
  epochs.set(deps, stockEpoch(deps) + 1);
}
