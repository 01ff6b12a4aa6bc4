export { type ApiApp, createApi } from "./app.js";
export { hashPassword, verifyPassword } from "./auth/password.js";
export { type ApiConfig, apiEnvSchema, loadApiConfig } from "./config.js";
export { createImageStore, type ImageStore } from "./images/storage.js";
