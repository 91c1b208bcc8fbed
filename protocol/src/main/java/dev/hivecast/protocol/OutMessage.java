package dev.hivecast.protocol;

/** A tracker-to-client message. */
public sealed interface OutMessage
        permits AnnounceResponse, OfferMessage, AnswerMessage, ScrapeResponse, ErrorResponse {
}
