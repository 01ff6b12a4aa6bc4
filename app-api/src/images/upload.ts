import { limits } from "@ssgbay/contract";
import type { RequestHandler } from "express";
import multer from "multer";
import { HttpError } from "../http/errors.js";

const tooLarge = new Set([
  "LIMIT_FILE_SIZE",
  "LIMIT_FIELD_VALUE",
  "LIMIT_PART_COUNT",
  "LIMIT_FILE_COUNT",
  "LIMIT_FIELD_COUNT",
  "LIMIT_FIELD_KEY",
]);

/**
 * Reads a multipart body with up to `maxFiles` parts named `field` into memory (each at most
 * 5 MiB; `req.files` in the order sent), so nothing touches the disk before the bytes are
 * checked and the client's filename is never used.
 */
export function imageUpload(field: string, maxFiles = 1): RequestHandler {
  const textFields = 16;
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: limits.imageMaxBytes,
      files: maxFiles,
      fields: textFields,
      parts: textFields + maxFiles,
      fieldNameSize: 64,
      fieldSize: 32 * 1024,
    },
  }).array(field, maxFiles);
  return (req, res, next) => {
    parse(req, res, (error: unknown) => {
      if (error === undefined || error === null) {
        next();
      } else if (error instanceof multer.MulterError) {
        next(
          tooLarge.has(error.code)
            ? new HttpError("PAYLOAD_TOO_LARGE", "The upload is over its limit.", {
                limit: error.code,
                field: error.field,
              })
            : new HttpError("VALIDATION_FAILED", "The upload is not valid.", [
                { field: `body.${error.field ?? field}`, message: error.message },
              ]),
        );
      } else {
        next(new HttpError("VALIDATION_FAILED", "The multipart body could not be read."));
      }
    });
  };
}
