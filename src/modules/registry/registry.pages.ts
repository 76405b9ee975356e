import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { registerAreaPages } from './pages/areas.routes';
import { registerProducerPages } from './pages/producer.routes';
import { registerProductPages } from './pages/product.routes';

/** Back-office pages of the registry (and the minimal public home until the portal lands). */
export function registerRegistryPages(app: App, _deps: Deps) {
  registerAreaPages(app);
  registerProducerPages(app);
  registerProductPages(app);
}
