/**
 * IP addresses and CIDR blocks as the tracker reads them: parsing without DNS, the per-client key
 * (an IPv6 /64), and lists of blocks. Used by the limits, the configuration checks and anything
 * else that sorts clients by address.
 */
package dev.hivecast.tracker.net;
