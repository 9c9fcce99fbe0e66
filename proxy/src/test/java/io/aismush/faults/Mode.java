package io.aismush.faults;

/** Whether the client asked for a stream ({@code "stream":true}) or one whole message. */
enum Mode {
    STREAM, WHOLE;

    boolean stream() {
        return this == STREAM;
    }
}
