import { auditRouter } from "../audit/router";
import { authRouter } from "../auth/router";
import { usersRouter } from "../users/router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
