package io.hindsight.search;

import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;

import java.time.Instant;
import java.util.List;

/**
 * One page of search results.
 *
 * @param request     what was asked (after a correction: the corrected words)
 * @param items       the page, best first
 * @param total       how many incidents match, counted up to {@link SearchRequest#MAX_RESULTS} + 1 (more means "more than 1,000")
 * @param query       the words as PostgreSQL read them (lexemes and operators), or null when nothing was searched
 * @param correctedFrom the words typed, when they found nothing and a close spelling was searched instead
 * @param suggestion  a close spelling that finds more, offered as "Did you mean …"
 * @param notice      why nothing was searched (only very common words, nothing typed), or null
 */
public record SearchResults(SearchRequest request, List<Hit> items, long total, String query, String correctedFrom,
                            String suggestion, String notice) {

    /** One incident found, with the fragment that matched (HTML-escaped, matches in {@code <mark>}). */
    public record Hit(long id, String title, Severity severity, IncidentStatus status, Instant startedAt,
                      List<String> tags, List<String> services, boolean published, double rank, String matchedIn,
                      String snippetHtml, String snippetText, List<String> highlights) {
    }

    public boolean capped() {
        return total > SearchRequest.MAX_RESULTS;
    }

    /** The count as shown: "More than 1,000" past what is counted (matches are never counted further). */
    public String totalLabel() {
        return capped() ? String.format("More than %,d", SearchRequest.MAX_RESULTS) : String.format("%,d", total);
    }

    public int page() {
        return request.page();
    }

    public int totalPages() {
        long pageable = Math.min(total, SearchRequest.MAX_RESULTS);
        return (int) Math.max(1, (pageable + request.size() - 1) / request.size());
    }

    public boolean hasPrevious() {
        return page() > 1;
    }

    public boolean hasNext() {
        return page() < totalPages();
    }

    public long firstItem() {
        return items.isEmpty() ? 0 : (long) (page() - 1) * request.size() + 1;
    }

    public long lastItem() {
        return items.isEmpty() ? 0 : firstItem() + items.size() - 1;
    }

    public String previousHref() {
        return request.withPage(page() - 1).href();
    }

    public String nextHref() {
        return request.withPage(page() + 1).href();
    }

    public String suggestionHref() {
        return suggestion == null ? null : request.withText(suggestion).href();
    }

    public String typedHref() {
        return correctedFrom == null ? null : request.withText(correctedFrom).href() + "&exact=true";
    }
}
