// The whole route table. Each service's rows live in their own module.
import type { Route } from "./route.ts";
import { usersRoutes } from "./users.ts";

export const routes: Route[] = [...usersRoutes];
