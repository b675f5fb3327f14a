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
        return url;
    }
}
