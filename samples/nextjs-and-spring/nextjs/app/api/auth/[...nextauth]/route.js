// Auth.js's endpoints (sign-in page, magic-link callback, session, sign-out) under /api/auth, as on the Spring side.
import { handlers } from "../../../../auth.js";

export const { GET, POST } = handlers;
