import { auditRouter } from "../audit/router";
import { casesRouter, contactsRouter, customFieldsRouter, customersRouter } from "../crm/router";
import { customerSearchRouter } from "../crm/search.router";
import { importsRouter } from "../crm/import.router";
import { authRouter } from "../auth/router";
import { apiKeysRouter } from "../support/api-keys.router";
import { handoffRouter } from "../support/handoffs.router";
import { interactionsRouter } from "../support/interactions.router";
import { qualityRouter } from "../support/quality.router";
import { queueRouter } from "../support/routing.router";
import { usersRouter } from "../users/router";
import { agentsRouter, availabilityRouter, shiftsRouter, skillsRouter, teamsRouter, timeOffRouter } from "../workforce/router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  teams: teamsRouter,
  skills: skillsRouter,
  agents: agentsRouter,
  shifts: shiftsRouter,
  timeOff: timeOffRouter,
  availability: availabilityRouter,
  customers: customersRouter,
  contacts: contactsRouter,
  cases: casesRouter,
  customFields: customFieldsRouter,
  search: customerSearchRouter,
  apiKeys: apiKeysRouter,
  interactions: interactionsRouter,
  handoff: handoffRouter,
  quality: qualityRouter,
  queue: queueRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
