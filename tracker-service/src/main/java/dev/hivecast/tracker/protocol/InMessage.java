package dev.hivecast.tracker.protocol;

/** A client-to-tracker message that parsed and validated. */
public sealed interface InMessage permits AnnounceRequest, AnswerRequest, ScrapeRequest {
}
