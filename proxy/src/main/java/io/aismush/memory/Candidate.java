package io.aismush.memory;

/**
 * Something worth remembering, found in a turn, not stored yet.
 *
 * @param kind       what it is about
 * @param text       the memory as one sentence
 * @param importance from 0 (trivia) to 1 (must not be forgotten)
 * @param global     true for the user's general preferences, which apply in every project
 */
public record Candidate(Kind kind, String text, double importance, boolean global) {}
