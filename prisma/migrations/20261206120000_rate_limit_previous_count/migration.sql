-- The sign-in throttle counts over a sliding window estimated from the current fixed window and
-- the one before it (lib/rate-limit/sliding-window.ts): the row keeps the previous window's count.
ALTER TABLE "RateLimit" ADD COLUMN "previousCount" INTEGER NOT NULL DEFAULT 0;
