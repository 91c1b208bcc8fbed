package dev.hivecast.tracker.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed announce URLs: {@code ?token=<expiry>.<mac>}, where expiry is a Unix time in seconds and
 * mac is the unpadded base64url HMAC-SHA256, under the secret, of
 * {@code hivecast-v1 LF <path> LF <expiry>}. The path is the URL's path with trailing slashes
 * removed, because the bittorrent-tracker client strips one from announce URLs.
 *
 * <p>Why this shape: the player page gets the URL from the operator's own backend, which signs
 * it (the secret never reaches the browser); players put it in their announce list unchanged and
 * the client sends it verbatim as the upgrade's request line, so nothing on the player side
 * changes. Binding the path lets one secret issue tokens that work for one stream's or one
 * customer's path only; the expiry bounds how long a copied URL is good for. The version prefix
 * lets the format change without old tokens ever verifying under the new one. Two secrets are
 * tried (current, previous) so a secret can be rotated without cutting off pages that still
 * hold URLs signed with the old one.
 */
public final class UrlTokens {

    public static final String PARAMETER = "token";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String DOMAIN = "hivecast-v1";
    /** 10^12 s is year 33658: anything longer is not a time. */
    private static final int MAX_EXPIRY_DIGITS = 12;

    private final List<byte[]> secrets = new ArrayList<>();

    /** @param previous the secret before the last rotation, or empty */
    public UrlTokens(String current, String previous) {
        if (current.isEmpty()) {
            throw new IllegalArgumentException("no secret");
        }
        secrets.add(current.getBytes(StandardCharsets.UTF_8));
        if (!previous.isEmpty()) {
            secrets.add(previous.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The token for {@code path}, valid until {@code expiresAt} (Unix seconds), under the current secret. */
    public String mint(String path, long expiresAt) {
        return expiresAt + "." + encode(mac(secrets.get(0), path, expiresAt));
    }

    /** Null when the query carries a genuine, unexpired token for this path; else why not. */
    public UpgradeRefusal verify(String path, String query, long nowSeconds) {
        List<String> tokens = parameterValues(query);
        if (tokens.isEmpty()) {
            return UpgradeRefusal.TOKEN_MISSING;
        }
        if (tokens.size() > 1) {
            return UpgradeRefusal.TOKEN_INVALID; // which one would a proxy or a log have kept?
        }
        String token = tokens.get(0);
        int dot = token.indexOf('.');
        if (dot < 1 || dot > MAX_EXPIRY_DIGITS || !token.substring(0, dot).chars().allMatch(Character::isDigit)) {
            return UpgradeRefusal.TOKEN_INVALID;
        }
        long expiresAt = Long.parseLong(token.substring(0, dot));
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return UpgradeRefusal.TOKEN_INVALID;
        }
        boolean genuine = false;
        for (byte[] secret : secrets) {
            // Constant time, and every secret tried: how long a refusal takes says nothing about the MAC.
            genuine |= MessageDigest.isEqual(mac(secret, path, expiresAt), given);
        }
        if (!genuine) {
            return UpgradeRefusal.TOKEN_INVALID;
        }
        return expiresAt < nowSeconds ? UpgradeRefusal.TOKEN_EXPIRED : null;
    }

    /** {@code /live/} and {@code /live} are one path; so are {@code /} and the empty path. */
    static String normalisePath(String path) {
        int end = path == null ? 0 : path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return end == 0 ? "" : path.substring(0, end);
    }

    private static byte[] mac(byte[] secret, String path, long expiresAt) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            String signed = DOMAIN + "\n" + normalisePath(path) + "\n" + expiresAt;
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /** Values of every {@code token=} parameter; the tokens' alphabet needs no percent-decoding. */
    private static List<String> parameterValues(String query) {
        List<String> values = new ArrayList<>(1);
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(PARAMETER + "=")) {
                values.add(pair.substring(PARAMETER.length() + 1));
            } else if (pair.equals(PARAMETER)) {
                values.add("");
            }
        }
        return values;
    }
}
