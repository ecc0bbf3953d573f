import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from '../../support/app-http';
import { ordersServiceProps } from '../../support/orders-service';

const ORDERS_ROUTE = ordersServiceProps().route;
/** The orders service's user routes, as the gateway is asked for them. */
export const ORDERS_PATHS = [ORDERS_ROUTE, `${ORDERS_ROUTE}42`];

/** Rounds of requests to every user route of the orders service through the gateway, until `until` says stop. */
export async function sendOrdersTraffic(gatewayPort: number, { rounds, intervalMs, until = () => false }: { rounds: number; intervalMs: number; until?: () => boolean }): Promise<void> {
  for (let round = 0; round < rounds && !until(); round++) {
    await Promise.all(ORDERS_PATHS.map((path) => httpRequest(gatewayPort, { path }).catch(() => undefined)));
    await sleep(intervalMs);
  }
}
