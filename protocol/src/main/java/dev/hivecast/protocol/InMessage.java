package dev.hivecast.protocol;

/** A client-to-tracker message that parsed and validated. */
public sealed interface InMessage permits AnnounceRequest, AnswerRequest, ScrapeRequest {
}
