/**
 * The browser pages of the public port: the landing page ({@code /}), the self-test
 * ({@code /check}) and the demo player ({@code /demo}), their files, and the two small endpoints
 * they read ({@code /pages/live.json}, {@code /pages/access}). Everything they serve is built once
 * at start-up; no request costs more than a lookup and a write. See docs/pages.md.
 */
package dev.hivecast.tracker.pages;
