package dev.hivecast.protocol;

/**
 * Bounds the codec applies to one request, whatever the transport let through.
 *
 * @param maxOffers        keep at most this many {@code offers} items per announce; the rest are
 *                         still validated, then silently dropped (WT caps at 20, BT at 82, AQ at 10;
 *                         BTc and PMLc send at most 5)
 * @param maxOfferIdLength longest accepted {@code offer_id}, in UTF-16 characters (clients send 20;
 *                         any length up to this is forwarded verbatim: a fixed length broke clients, BT #525)
 * @param maxScrapeHashes  most distinct info_hashes in one scrape (AQ {@code max_scrape_torrents});
 *                         more is a failure, not a silent truncation
 * @param maxNestingDepth  deepest JSON nesting accepted, in arrays plus objects; a real announce
 *                         needs 4 (frame, {@code offers}, item, {@code offer})
 */
public record CodecLimits(int maxOffers, int maxOfferIdLength, int maxScrapeHashes, int maxNestingDepth) {

    public static final int DEFAULT_MAX_OFFERS = 20;
    public static final int DEFAULT_MAX_OFFER_ID_LENGTH = 64;
    public static final int DEFAULT_MAX_SCRAPE_HASHES = 255;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;

    /** The project's defaults: 20 offers, 64-character offer ids, 255 scrape hashes, depth 32. */
    public static final CodecLimits DEFAULTS = new CodecLimits(
            DEFAULT_MAX_OFFERS, DEFAULT_MAX_OFFER_ID_LENGTH, DEFAULT_MAX_SCRAPE_HASHES, DEFAULT_MAX_NESTING_DEPTH);

    /** The nesting a valid announce with offers needs; a smaller limit would reject real clients. */
    static final int MIN_NESTING_DEPTH = 4;

    public CodecLimits {
        if (maxOffers < 0) {
            throw new IllegalArgumentException("maxOffers must be >= 0, not " + maxOffers);
        }
        if (maxOfferIdLength < 1) {
            throw new IllegalArgumentException("maxOfferIdLength must be >= 1, not " + maxOfferIdLength);
        }
        if (maxScrapeHashes < 1) {
            throw new IllegalArgumentException("maxScrapeHashes must be >= 1, not " + maxScrapeHashes);
        }
        if (maxNestingDepth < MIN_NESTING_DEPTH) {
            throw new IllegalArgumentException(
                    "maxNestingDepth must be >= " + MIN_NESTING_DEPTH + ", not " + maxNestingDepth);
        }
    }
}
