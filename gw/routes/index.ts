// The whole route table. Each service's rows live in their own module.
import type { Route } from "./route.ts";
import { usersRoutes } from "./users.ts";
import { jobsRoutes } from "./jobs.ts";
import { contractsRoutes } from "./contracts.ts";
import { paymentsRoutes } from "./payments.ts";

export const routes: Route[] = [...usersRoutes, ...jobsRoutes, ...contractsRoutes, ...paymentsRoutes];
