/**
 * What one client may cost the tracker: connections per node and per client IP (decided at the
 * upgrade), message rates per connection and per IP (token buckets), who the client is behind
 * trusted proxies. Plain code with no Vert.x type, so every rule is unit-tested alone; the
 * transport calls it.
 */
package dev.hivecast.tracker.limits;
