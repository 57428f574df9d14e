import { data, type ActionFunctionArgs } from "@remix-run/node";
import { formFailure, requireUser } from "~/lib/api.server";

/**
 * POST /customers/<id>/erase (reason=…): erases a person customer (customers.erase, admins only).
 * Answers like the customer 360 page's action, so the page's data-protection card shows the result.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, resHeaders } = await requireUser(request, context);
  const form = await request.formData();
  try {
    await api.customers.erase({ customerId: params.customerId ?? "", reason: String(form.get("reason") ?? "") });
    return data(
      { ok: true as const, intent: "erase", message: "Erased: personal data removed, history kept anonymised.", at: Date.now() },
      { headers: resHeaders },
    );
  } catch (error) {
    return formFailure(error, resHeaders, { intent: "erase" });
  }
}
