import { router } from "../trpc/init";
import { authedProcedure } from "../trpc/procedures";
import { customerSearchInput, searchCustomers } from "./customer-search";

/** The one search box on every page: any signed-in role finds customers by name, email, phone or external id. */
export const customerSearchRouter = router({
  customers: authedProcedure.input(customerSearchInput).query(({ ctx, input }) => searchCustomers(ctx.db, input)),
});
