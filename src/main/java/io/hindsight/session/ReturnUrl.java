package io.hindsight.session;

/** Where to go after signing in: only paths on this site, never another origin (no open redirect). */
public final class ReturnUrl {

    private ReturnUrl() {
    }

    public static String safe(String candidate) {
        if (candidate == null || candidate.isBlank() || candidate.length() > 2000) {
            return "/";
        }
        String url = candidate.strip();
        if (!url.startsWith("/") || url.startsWith("//") || url.startsWith("/\\")) {
            return "/";
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        if (url.startsWith("/login") || url.startsWith("/logout") || url.startsWith("/setup")) {
            return "/";
        }
        return encodeIllegal(url);
    }

    /** Percent-encodes what may not stand in a URI (spaces, non-ASCII, quotes), keeping existing escapes. */
    static String encodeIllegal(String url) {
        StringBuilder out = new StringBuilder(url.length());
        for (byte b : url.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean allowed = c > 0x20 && c < 0x7f && "\"<>^`{|} ".indexOf(c) < 0;
            if (allowed) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        try {
            return java.net.URI.create(out.toString()).toString();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
