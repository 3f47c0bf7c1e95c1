// Payments routes (inventory 4.4). Filled in by the payments service's issue.
import type { Route } from "./route.ts";

export const paymentsRoutes: Route[] = [];
