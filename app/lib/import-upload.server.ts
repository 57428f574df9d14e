import { unstable_createFileUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "../../server/audit/audit.service";
import {
  createUploadFolder,
  ImportRunError,
  ImportUploadGuard,
  MAX_IMPORT_BYTES,
  removeUploadFolder,
  startSalesforceImportRun,
  type ImportRunView,
} from "../../server/crm/import-runs.service";

export { IMPORT_FILE_NAMES, MAX_IMPORT_BYTES } from "../../server/crm/import-runs.service";

/**
 * Streams the files of a multipart upload into a new private folder (never into memory),
 * then starts the import run from it. Call only after the role was checked. Throws
 * ImportRunError (refused names, duplicates, over the size limit, another import running);
 * the folder is removed whenever no run took it over.
 */
export async function startImportFromUpload(request: Request, db: Kysely<Database>, actor: Actor & { id: string }): Promise<ImportRunView> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_IMPORT_BYTES + 1024 * 1024) {
    throw new ImportRunError("TOO_LARGE", `The files are over ${MAX_IMPORT_BYTES / 1024 / 1024} MB together; at most that can be uploaded at once. Nothing was imported.`);
  }
  const dir = await createUploadFolder();
  const guard = new ImportUploadGuard();
  const toDisk = unstable_createFileUploadHandler({
    directory: dir,
    file: ({ filename }) => filename,
    maxPartSize: MAX_IMPORT_BYTES,
    avoidFileConflicts: false,
  });
  const uploadHandler: UploadHandler = async (part) => {
    const name = part.filename ? guard.accept(part.filename) : null;
    if (!name) {
      for await (const chunk of part.data) void chunk; // read and drop: an empty file input, another field, or a refused file
      return undefined;
    }
    return toDisk({ ...part, filename: name, data: guard.count(part.data) });
  };
  try {
    await unstable_parseMultipartFormData(request, uploadHandler);
    guard.check();
  } catch (error) {
    await removeUploadFolder(dir);
    throw error;
  }
  // From here the service owns the folder (and deletes it when the run ends or is refused).
  return startSalesforceImportRun(db, actor, dir);
}
