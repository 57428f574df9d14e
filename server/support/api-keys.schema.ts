import { z } from "zod";
import { uuidField } from "../validation/fields";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key after the program that uses it.").max(80),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(600),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const apiKeyIdInput = z.object({ apiKeyId: uuidField });
